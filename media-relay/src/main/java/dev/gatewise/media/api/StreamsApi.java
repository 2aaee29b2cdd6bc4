package dev.gatewise.media.api;

import dev.gatewise.access.AccessCheck;
import dev.gatewise.access.SignedUrls;
import dev.gatewise.http.ApiException;
import dev.gatewise.http.ApiResponse;
import dev.gatewise.http.BearerToken;
import dev.gatewise.http.BlockingApi;
import dev.gatewise.http.Exchange;
import dev.gatewise.http.Route;
import dev.gatewise.http.Routes;
import dev.gatewise.media.live.LiveStreamInfo;
import dev.gatewise.media.live.LiveStreamRegistry;
import dev.gatewise.media.live.StreamViewers;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * {@code GET /api/streams}: the streams live on this node that the caller may watch, with where to watch them (links
 * signed for players that send no header) and how to go live; {@code GET /api/streams/NAME}: one of them, to renew
 * its links or to follow a {@code live} event.
 */
public final class StreamsApi {
    private final LiveStreamRegistry streams;
    private final StreamViewers viewers;
    private final AccessCheck access;
    private final BiFunction<String, String, Map<String, String>> links;
    private final String rtmpBase;

    /**
     * @param viewers who may watch which stream, and its signed links
     * @param access who may list the streams (any signed-in user)
     * @param links where else a stream is watched, by stream name and the {@link SignedUrls.Signed#token()} that
     *              opens it (the HLS playlist and thumbnail, say)
     * @param rtmpBase the relay as publishers reach it, e.g. {@code rtmp://media.example.com:1935/live}
     */
    public StreamsApi(LiveStreamRegistry streams, StreamViewers viewers, AccessCheck access,
                      BiFunction<String, String, Map<String, String>> links, String rtmpBase) {
        this.streams = streams;
        this.viewers = viewers;
        this.access = access;
        this.links = links;
        this.rtmpBase = rtmpBase;
    }

    public List<Route> routes(BlockingApi blocking) {
        return new Routes().get("/api/streams", blocking.json(this::list))
                .get("/api/streams/{name}", blocking.json(this::one)).list();
    }

    private ApiResponse list(Exchange exchange) {
        String user = BearerToken.user(exchange.request(), access);
        List<Map<String, Object>> live = streams.list().stream()
                .filter(stream -> viewers.mayWatch(user, stream.name(), StreamViewers.Audience.of(stream)))
                .map(this::describe).toList();
        return ApiResponse.ok(Map.of("streams", live, "publish", rtmpBase + "/STREAM?token=TOKEN"));
    }

    /** 404 alike for a stream that is not live and one the caller may not watch: nothing said about either. */
    private ApiResponse one(Exchange exchange) {
        String user = BearerToken.user(exchange.request(), access);
        return streams.find(exchange.param("name"))
                .filter(stream -> viewers.mayWatch(user, stream.name(), StreamViewers.Audience.of(stream)))
                .map(stream -> ApiResponse.ok(describe(stream)))
                .orElseThrow(() -> new ApiException(HttpResponseStatus.NOT_FOUND, "not_found",
                        "no live stream of that name that you may watch"));
    }

    private Map<String, Object> describe(LiveStreamInfo stream) {
        var out = new LinkedHashMap<String, Object>();
        SignedUrls.Signed signed = viewers.sign(stream.name());
        out.put("name", stream.name());
        out.put("publisher", stream.publisher());
        out.put("startedAt", stream.startedAt().toEpochMilli());
        out.put("public", StreamViewers.Audience.of(stream).open());
        out.putAll(links.apply(stream.name(), signed.token()));
        out.put("expiresAt", signed.expiresAt());
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
