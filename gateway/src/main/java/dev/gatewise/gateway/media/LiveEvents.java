package dev.gatewise.gateway.media;

import dev.gatewise.hls.http.HlsRoutes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewise.im.ChatNode;
import dev.gatewise.im.delivery.MessageKindPolicy;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.protocol.ProtocolException;
import dev.gatewise.media.live.LiveStreamListener;
import dev.gatewise.media.stream.LiveStream;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a conversation when a stream starts and stops: a message of kind {@code live}, from the publisher, into the
 * group ({@code &group=ID}) or to the user ({@code &to=NAME}) the RTMP URL named, carrying the HLS URL. Posting
 * blocks on the store, so it runs on {@code executor}, not on the publisher's event loop.
 */
public final class LiveEvents implements LiveStreamListener {
    public static final String KIND = "live";
    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);

    private final ChatNode chat;
    private final Executor executor;

    public LiveEvents(ChatNode chat, Executor executor) {
        this.chat = chat;
        this.executor = executor;
    }

    /** Only the server writes live events; clients may not send the kind. */
    public static MessageKindPolicy clientsMayNotSend() {
        return (sender, conversation, content) -> {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "live events are written by the server");
        };
    }

    @Override
    public void streamStarted(LiveStream stream) {
        post(stream, "started");
    }

    @Override
    public void streamEnded(LiveStream stream, boolean clean) {
        post(stream, "ended");
    }

    private void post(LiveStream stream, String event) {
        String to = stream.params().get("to");
        String group = stream.params().get("group");
        if ((to == null) == (group == null)) {
            return; // no conversation named (or two): nobody to tell
        }
        ObjectNode content = FrameJson.MAPPER.createObjectNode()
                .put("event", event)
                .put("stream", stream.name())
                .put("hls", HlsRoutes.playlist(stream.name()))
                .put("thumbnail", HlsRoutes.thumbnail(stream.name()));
        executor.execute(() -> {
            try {
                chat.postAs(stream.publisher(), to, group, KIND, content);
            } catch (RuntimeException e) {
                log.warn("Could not post the '{}' event of stream {} by {} to {}: {}", event, stream.name(),
                        stream.publisher(), to != null ? to : ConversationId.group(group).value(), e.getMessage());
            }
        });
    }
}
