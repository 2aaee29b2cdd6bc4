package dev.gatewise.teamtalk.server;

import dev.gatewise.im.ChatServices;
import dev.gatewise.im.transport.SlowConsumerGuard;
import dev.gatewise.teamtalk.TeamTalkSettings;
import dev.gatewise.teamtalk.session.LoginDeadline;
import dev.gatewise.teamtalk.wire.TcpPacketCodec;
import dev.gatewise.teamtalk.wire.WebSocketPacketCodec;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every TeamTalk connection's pipeline, in one place. After the first byte ({@link ProtocolSniffer}):
 * <pre>
 *  raw TCP:   packet codec (length checked before the bytes arrive) ─┐
 *  WebSocket: HTTP codec → upgrade on any path → binary message ↔ packet ─┤
 *                                                                          ├→ idle timeout → rate limit
 *    → slow-consumer guard → [worker] session (login, commands) → [worker] engine frames → packets → close on error
 * </pre>
 */
public final class TeamTalkPipeline {
    /** An HTTP upgrade request is small; anything larger is not a TeamTalk client. */
    private static final int MAX_UPGRADE_REQUEST = 8192;

    private final TeamTalkSettings settings;
    private final ChatServices chat;
    private final Supplier<ChannelHandler> session;
    private final Supplier<ChannelHandler> translator;

    /**
     * @param session a new session handler for each connection
     * @param translator a new (or shared) outbound translator for each connection
     */
    public TeamTalkPipeline(TeamTalkSettings settings, ChatServices chat, Supplier<ChannelHandler> session,
                            Supplier<ChannelHandler> translator) {
        this.settings = settings;
        this.chat = chat;
        this.session = session;
        this.translator = translator;
    }

    void accept(ChannelPipeline p) {
        LoginDeadline.start(p.channel(), settings.getLoginTimeout());
        p.addLast("tt-sniff", new ProtocolSniffer(this));
    }

    void tcp(ChannelPipeline p) {
        p.addLast("tt-tcp", new TcpPacketCodec(settings.getMaxPacketBytes()));
        common(p);
    }

    void webSocket(ChannelPipeline p) {
        p.addLast("tt-http", new HttpServerCodec(4096, 8192, 8192));
        p.addLast("tt-http-aggregate", new HttpObjectAggregator(MAX_UPGRADE_REQUEST));
        p.addLast("tt-ws", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/")
                .checkStartsWith(true)
                .maxFramePayloadLength(settings.getMaxPacketBytes())
                .handshakeTimeoutMillis(settings.getLoginTimeout().toMillis())
                .build()));
        p.addLast("tt-ws-packets", new WebSocketPacketCodec(settings.getMaxPacketBytes()));
        common(p);
    }

    private void common(ChannelPipeline p) {
        p.addLast("tt-idle", new ReadTimeoutHandler(settings.getIdleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast("tt-rate", new PacketRateLimiter(settings.getRateLimitPerSecond(), settings.getRateLimitBurst()));
        p.addLast("tt-slow", new SlowConsumerGuard(chat.settings().getSlowConsumerTimeout(), chat.metrics()));
        p.addLast(chat.workers(), "tt-session", session.get());
        p.addLast(chat.workers(), "tt-translate", translator.get());
        p.addLast("tt-errors", CloseOnError.INSTANCE);
    }
}
