package dev.gatewise.gateway.media;

import dev.gatewise.im.http.ApiResponse;
import dev.gatewise.im.http.BlockingApi;
import dev.gatewise.im.http.WholeRequestRoute;
import dev.gatewise.im.session.BearerToken;
import dev.gatewise.im.session.TokenService;
import dev.gatewise.media.live.LiveStreamInfo;
import dev.gatewise.media.live.LiveStreamRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/streams}: the streams live on this node, with where to watch them and how to go live. */
public final class StreamsApi implements WholeRequestRoute {
    private final LiveStreamRegistry streams;
    private final TokenService tokens;
    private final BlockingApi blocking;
    private final String rtmpBase;

    /** @param rtmpBase the relay as publishers reach it, e.g. {@code rtmp://media.example.com:1935/live} */
    public StreamsApi(LiveStreamRegistry streams, TokenService tokens, BlockingApi blocking, String rtmpBase) {
        this.streams = streams;
        this.tokens = tokens;
        this.blocking = blocking;
        this.rtmpBase = rtmpBase;
    }

    @Override
    public String prefix() {
        return "/api/streams";
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        blocking.get(ctx, request, this::list);
    }

    private ApiResponse list(FullHttpRequest request) {
        BearerToken.user(request, tokens);
        List<Map<String, Object>> live = streams.list().stream().map(this::describe).toList();
        return ApiResponse.ok(Map.of("streams", live, "publish", rtmpBase + "/STREAM?token=TOKEN"));
    }

    private Map<String, Object> describe(LiveStreamInfo stream) {
        var out = new LinkedHashMap<String, Object>();
        out.put("name", stream.name());
        out.put("publisher", stream.publisher());
        out.put("startedAt", stream.startedAt().toEpochMilli());
        out.put("hls", MediaPaths.playlist(stream.name()));
        out.put("thumbnail", MediaPaths.thumbnail(stream.name()));
        out.put("rtmp", rtmpBase + "/" + stream.name());
        out.put("video", stream.hasVideo());
        out.put("audio", stream.hasAudio());
        if (stream.width() != null) {
            out.put("width", stream.width());
            out.put("height", stream.height());
        }
        return out;
    }
}
