package dev.gatewise.hls.http;

import dev.gatewise.access.AccessCheck;
import dev.gatewise.access.AccessRequest;
import dev.gatewise.access.Action;
import dev.gatewise.access.Credentials;
import dev.gatewise.access.Protocol;
import dev.gatewise.hls.HlsFiles;
import dev.gatewise.hls.live.LivePlaylists;
import dev.gatewise.hls.thumbnail.LiveThumbnails;
import dev.gatewise.http.BearerToken;
import dev.gatewise.http.BlockingApi;
import dev.gatewise.http.Cors;
import dev.gatewise.http.Exchange;
import dev.gatewise.http.FileResponse;
import dev.gatewise.http.HttpResponses;
import dev.gatewise.http.Route;
import dev.gatewise.http.Routes;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code /hls/STREAM/...}: the low-latency playlists and parts of live renditions from memory, blocking reloads
 * included ({@link LiveHlsAnswers}); everything else (segments, initialization segments, the classic playlists,
 * master playlists, thumbnails, and ended streams) as the packager wrote it, sent zero-copy. All with their content
 * types and cache policies, open to players on any origin (CORS), and each asked of the access check first, off the
 * event loop. nginx passes the low-latency playlists and parts on to these routes and may serve the rest from a
 * shared directory itself (see nginx/).
 */
public final class HlsRoutes {
    private static final String PREFIX = "/hls";
    // Decoding a keyframe takes tens of milliseconds; behind others' on a busy machine, longer.
    private static final long THUMBNAIL_WAIT_SECONDS = 2;
    private static final Cors CORS = new Cors("GET, HEAD, OPTIONS", "Range", "Content-Length, Content-Range, ETag");

    private final HlsFiles files;
    private final LiveHlsAnswers live;
    private final LiveThumbnails thumbnails;
    private final BlockingApi disk;
    private final AccessCheck access;

    /**
     * @param live the renditions being published ({@link dev.gatewise.hls.HlsPackager#live()})
     * @param thumbnails their thumbnails, made when asked for ({@link dev.gatewise.hls.HlsPackager#thumbnails()})
     * @param disk where files are opened and access is checked, off the event loop
     */
    public HlsRoutes(HlsFiles files, LivePlaylists live, LiveThumbnails thumbnails, BlockingApi disk,
            AccessCheck access) {
        this.files = files;
        this.live = new LiveHlsAnswers(live, CORS);
        this.thumbnails = thumbnails;
        this.disk = disk;
        this.access = access;
    }

    /** Where a stream's master playlist is played from. */
    public static String playlist(String stream) {
        return PREFIX + "/" + stream + "/index.m3u8";
    }

    /** Where a stream's latest thumbnail is. */
    public static String thumbnail(String stream) {
        return PREFIX + "/" + stream + "/thumb.jpg";
    }

    public List<Route> routes() {
        return new Routes()
                .read(PREFIX + "/**", this::read)
                .preflight(exchange -> {
                    HttpResponses.send(exchange.ctx(), exchange.request(), CORS.preflight());
                    exchange.request().release();
                })
                .list();
    }

    private void read(Exchange exchange) {
        String path = exchange.path();
        String relative = path.substring(Math.min(path.length(), PREFIX.length() + 1));
        var file = files.resolve(relative);
        if (file.isEmpty()) {
            notFound(exchange);
            exchange.request().release();
            return;
        }
        String resolved = relative.startsWith("/") ? relative.substring(1) : relative; // STREAM/...
        String stream = resolved.substring(0, resolved.indexOf('/'));
        if (live.serves(file.get())) {
            // Checked off the event loop, then answered (or parked) on it from memory.
            disk.answer(exchange.ctx(), exchange.request(), () -> {
                check(exchange, stream);
                exchange.request().retain();
                exchange.ctx().executor().execute(() -> fromMemory(exchange, stream, file.get()));
            });
            return;
        }
        disk.answer(exchange.ctx(), exchange.request(), () -> serve(exchange, stream, file.get()));
    }

    private void fromMemory(Exchange exchange, String stream, HlsFiles.HlsFile file) {
        try {
            if (!live.answer(exchange, file)) {
                // The stream ended meanwhile: its files answer.
                exchange.request().retain();
                disk.answer(exchange.ctx(), exchange.request(), () -> serve(exchange, stream, file));
            }
        } finally {
            exchange.request().release();
        }
    }

    private void check(Exchange exchange, String stream) {
        // Players send a token as ?token= (an <video> element sets no headers) or as a bearer token (hls.js can).
        String token = exchange.queryParam("token");
        BearerToken.check(access, AccessRequest.of(Protocol.HLS, Action.PLAY, stream,
                token != null ? Credentials.token(token) : BearerToken.credentials(exchange.request())));
    }

    private void serve(Exchange exchange, String stream, HlsFiles.HlsFile file) {
        check(exchange, stream);
        if (file.kind() == HlsFiles.Kind.THUMBNAIL) {
            freshThumbnail(stream);
        }
        var headers = CORS.allow(new DefaultHttpHeaders())
                .set(HttpHeaderNames.CONTENT_TYPE, file.kind().contentType())
                .set(HttpHeaderNames.CACHE_CONTROL, file.kind().cacheControl());
        FileResponse response;
        try {
            response = FileResponse.open(file.path(), headers);
        } catch (NoSuchFileException e) {
            notFound(exchange); // segments are deleted as the window moves
            return;
        } catch (IOException e) {
            HttpResponses.error(exchange.ctx(), exchange.request(), HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "internal", "cannot read");
            return;
        }
        try {
            response.send(exchange.ctx(), exchange.request());
        } catch (RuntimeException e) {
            HttpResponses.error(exchange.ctx(), exchange.request(), HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "internal", "cannot send");
        }
    }

    /** Has a live stream's thumbnail made now if it is older than its interval; waits a little for it (off-loop). */
    private void freshThumbnail(String stream) {
        try {
            thumbnails.fresh(stream).get(THUMBNAIL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The one there is, if any, is answered.
        }
    }

    private void notFound(Exchange exchange) {
        live.notFound(exchange.ctx(), exchange.request());
    }
}
