package dev.gatewise.media.api;

import dev.gatewise.access.AccessCheck;
import dev.gatewise.http.ApiResponse;
import dev.gatewise.http.BearerToken;
import dev.gatewise.http.BlockingApi;
import dev.gatewise.http.Exchange;
import dev.gatewise.http.Route;
import dev.gatewise.http.Routes;
import dev.gatewise.media.live.LiveStreamInfo;
import dev.gatewise.media.live.LiveStreamRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** {@code GET /api/streams}: the streams live on this node, with where to watch them and how to go live. */
public final class StreamsApi {
    private final LiveStreamRegistry streams;
    private final AccessCheck access;
    private final Function<String, Map<String, String>> links;
    private final String rtmpBase;

    /**
     * @param access who may list the streams (any signed-in user)
     * @param links where else a stream is watched, by stream name (the HLS playlist and thumbnail, say)
     * @param rtmpBase the relay as publishers reach it, e.g. {@code rtmp://media.example.com:1935/live}
     */
    public StreamsApi(LiveStreamRegistry streams, AccessCheck access,
                      Function<String, Map<String, String>> links, String rtmpBase) {
        this.streams = streams;
        this.access = access;
        this.links = links;
        this.rtmpBase = rtmpBase;
    }

    public List<Route> routes(BlockingApi blocking) {
        return new Routes().get("/api/streams", blocking.json(this::list)).list();
    }

    private ApiResponse list(Exchange exchange) {
        BearerToken.user(exchange.request(), access);
        List<Map<String, Object>> live = streams.list().stream().map(this::describe).toList();
        return ApiResponse.ok(Map.of("streams", live, "publish", rtmpBase + "/STREAM?token=TOKEN"));
    }

    private Map<String, Object> describe(LiveStreamInfo stream) {
        var out = new LinkedHashMap<String, Object>();
        out.put("name", stream.name());
        out.put("publisher", stream.publisher());
        out.put("startedAt", stream.startedAt().toEpochMilli());
        out.putAll(links.apply(stream.name()));
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
