package dev.gatewise.hls.http;

import dev.gatewise.access.AccessDenied;
import dev.gatewise.hls.HlsFiles;
import dev.gatewise.hls.live.LivePart;
import dev.gatewise.hls.live.LivePlaylists;
import dev.gatewise.hls.thumbnail.LiveThumbnails;
import dev.gatewise.http.ApiException;
import dev.gatewise.http.BearerToken;
import dev.gatewise.http.BlockingApi;
import dev.gatewise.http.Cors;
import dev.gatewise.http.Exchange;
import dev.gatewise.http.FileResponse;
import dev.gatewise.http.HttpResponses;
import dev.gatewise.http.Route;
import dev.gatewise.http.Routes;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Optional;

/**
 * {@code /hls/STREAM/...}: the low-latency playlists and parts of live renditions from memory, blocking reloads
 * included ({@link LiveHlsAnswers}), a part of a segment already written as its range of the segment's file (the
 * same answer, zero-copy, off the event loop); everything else (segments, initialization segments, the classic
 * playlists, master playlists, thumbnails, and ended streams) as the packager wrote it, sent zero-copy. All with
 * their content types and cache policies, open to players on any origin (CORS), and each asked of {@link HlsAccess}
 * first: on the event loop for what is answered from memory when the check does not wait (a signed link; a bearer
 * token on the embedded store), off it otherwise. nginx passes the low-latency playlists and parts on to these
 * routes and may serve the rest from a shared directory itself, asking {@code /hls-access/...} first (see nginx/).
 *
 * <p>A player with a header sends {@code Authorization: Bearer TOKEN} (hls.js can); one without (a native player,
 * ffmpeg) plays {@code /hls/EXPIRES.SIGNATURE/STREAM/index.m3u8}, a signed link from {@code /api/streams}: every URI
 * in the playlists is relative, so the parts, segments, init segments, renditions and rendition reports it leads to
 * carry the signature too, and blocking-reload queries are left as they are. The signed segment has a dot, which no
 * stream name has. Every answer varies on {@code Authorization}, so a shared cache never gives what one token opened
 * to a request without it.
 */
public final class HlsRoutes {
    private static final String PREFIX = "/hls";
    // Decoding a keyframe takes tens of milliseconds; behind others' on a busy machine, longer.
    private static final long THUMBNAIL_WAIT_SECONDS = 2;
    private static final String CHECK_PREFIX = "/hls-access";
    private static final Cors CORS = new Cors("GET, HEAD, OPTIONS", "Range", "Content-Length, Content-Range, ETag");

    private final HlsFiles files;
    private final LivePlaylists playlists;
    private final LiveHlsAnswers live;
    private final LiveThumbnails thumbnails;
    private final BlockingApi disk;
    private final HlsAccess access;

    /**
     * @param live the renditions being published ({@link dev.gatewise.hls.HlsPackager#live()})
     * @param thumbnails their thumbnails, made when asked for ({@link dev.gatewise.hls.HlsPackager#thumbnails()})
     * @param disk where files are opened and access is checked, off the event loop
     */
    public HlsRoutes(HlsFiles files, LivePlaylists live, LiveThumbnails thumbnails, BlockingApi disk,
            HlsAccess access) {
        this.files = files;
        this.playlists = live;
        this.live = new LiveHlsAnswers(live, CORS, this::partFromFile);
        this.thumbnails = thumbnails;
        this.disk = disk;
        this.access = access;
    }

    /** Where a stream's master playlist is played from (with a bearer token, or anyone for a public stream). */
    public static String playlist(String stream) {
        return PREFIX + "/" + stream + "/index.m3u8";
    }

    /** Where a stream's latest thumbnail is. */
    public static String thumbnail(String stream) {
        return PREFIX + "/" + stream + "/thumb.jpg";
    }

    /** The master playlist by a signed link: {@code token} is a {@code SignedUrls.Signed#token()}. */
    public static String playlist(String stream, String token) {
        return PREFIX + "/" + token + "/" + stream + "/index.m3u8";
    }

    public static String thumbnail(String stream, String token) {
        return PREFIX + "/" + token + "/" + stream + "/thumb.jpg";
    }

    public List<Route> routes() {
        return new Routes()
                .read(PREFIX + "/**", this::read)
                .read(CHECK_PREFIX + "/**", this::checkOnly)
                .preflight(exchange -> {
                    HttpResponses.send(exchange.ctx(), exchange.request(), CORS.preflight());
                    exchange.request().release();
                })
                .list();
    }

    private void read(Exchange exchange) {
        Target target = Target.of(exchange.path(), PREFIX);
        var file = target == null ? Optional.<HlsFiles.HlsFile>empty() : files.resolve(target.relative());
        if (file.isEmpty()) {
            notFound(exchange);
            exchange.request().release();
            return;
        }
        if (live.serves(file.get())) {
            checked(exchange, target, () -> fromMemory(exchange, target, file.get()));
            return;
        }
        if (live.notShownYet(file.get())) {
            checked(exchange, target, () -> {
                askedFor(target, file.get());
                live.whenShown(exchange, file.get(),
                        () -> alsoOnDisk(exchange, () -> serve(exchange, target, file.get())));
            });
            return;
        }
        onDisk(exchange, () -> serve(exchange, target, file.get()));
    }

    /**
     * {@code /hls-access/...}: whether the same request to {@code /hls/...} would be let in (204; 401 or 403 if not),
     * without touching the file: nginx's {@code auth_request} before it serves the file from the directory.
     */
    private void checkOnly(Exchange exchange) {
        Target target = Target.of(exchange.path(), CHECK_PREFIX);
        var file = target == null ? Optional.<HlsFiles.HlsFile>empty() : files.resolve(target.relative());
        if (file.isEmpty()) {
            notFound(exchange);
            exchange.request().release();
            return;
        }
        checked(exchange, target, () -> {
            askedFor(target, file.get());
            var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            HttpResponses.send(exchange.ctx(), exchange.request(), response);
        });
    }

    /**
     * Checks access, then runs {@code then} on the event loop and releases the request. A signed link (an HMAC) and
     * a bearer token the access check answers from memory are checked right there; any other token off the event
     * loop, which costs two thread hops.
     */
    private void checked(Exchange exchange, Target target, Runnable then) {
        if (target.token() == null && !access.checksWithoutWaiting()) {
            onDisk(exchange, () -> {
                check(exchange, target);
                exchange.request().retain();
                exchange.ctx().executor().execute(() -> {
                    try {
                        then.run();
                    } finally {
                        exchange.request().release();
                    }
                });
            });
            return;
        }
        try {
            check(exchange, target);
            then.run();
        } catch (RuntimeException e) {
            refuse(exchange.ctx(), exchange.request(), e);
        } finally {
            exchange.request().release();
        }
    }

    /** Runs {@code work} off the event loop; a refusal carries the CORS headers, so a player on a page can read it. */
    private void onDisk(Exchange exchange, BlockingApi.Answer work) {
        disk.answer(exchange.ctx(), exchange.request(), work, (request, e) -> refuse(exchange.ctx(), request, e));
    }

    /** {@link #onDisk} for a request whose current holder releases it too: the work takes a reference of its own. */
    private void alsoOnDisk(Exchange exchange, BlockingApi.Answer work) {
        exchange.request().retain();
        onDisk(exchange, work);
    }

    private static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, Exception e) {
        var response = BlockingApi.refusal(request, e);
        CORS.allow(response.headers()).set(HttpHeaderNames.VARY, HttpHeaderNames.AUTHORIZATION);
        HttpResponses.send(ctx, request, response);
    }

    /**
     * What a path under a prefix names: the signed segment if there is one, the stream, and the file's path from the
     * stream on ({@code STREAM/...}, for {@link HlsFiles#resolve}); null if it names nothing.
     */
    private record Target(String token, String stream, String relative) {
        static Target of(String path, String prefix) {
            if (!path.startsWith(prefix + "/")) {
                return null;
            }
            String rest = path.substring(prefix.length() + 1);
            String token = null;
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.substring(0, slash).indexOf('.') > 0) {
                token = rest.substring(0, slash);
                rest = rest.substring(slash + 1);
                slash = rest.indexOf('/');
            }
            return slash <= 0 ? null : new Target(token, rest.substring(0, slash), rest);
        }
    }

    private void fromMemory(Exchange exchange, Target target, HlsFiles.HlsFile file) {
        if (!live.answer(exchange, file)) {
            // The stream ended meanwhile: its files answer.
            alsoOnDisk(exchange, () -> serve(exchange, target, file));
        }
    }

    /** A signed link that does not open the stream is refused as such (403), whatever header comes with it. */
    private void check(Exchange exchange, Target target) {
        if (target.token() != null) {
            if (!access.opens(target.stream(), target.token())) {
                throw new ApiException(HttpResponseStatus.FORBIDDEN, "forbidden",
                        "this link has expired or is not for this stream: get a fresh one from /api/streams");
            }
            return;
        }
        try {
            access.check(target.stream(), BearerToken.credentials(exchange.request()));
        } catch (AccessDenied e) {
            throw BearerToken.refusal(e);
        }
    }

    private void serve(Exchange exchange, Target target, HlsFiles.HlsFile file) {
        check(exchange, target);
        askedFor(target, file);
        if (file.kind() == HlsFiles.Kind.THUMBNAIL) {
            freshThumbnail(target.stream());
        }
        send(exchange, () -> FileResponse.open(file.path(), headers(file.kind())));
    }

    /**
     * A live part whose segment is on disk: its range of the segment's file, with the headers it had in memory. It
     * passed {@link #checked} on its way to the live answers, whose reference to the request ends with them.
     */
    private void partFromFile(Exchange exchange, LivePart.InFile part) {
        alsoOnDisk(exchange, () -> send(exchange,
                () -> FileResponse.region(part.segment(), part.offset(), part.length(), headers(HlsFiles.Kind.MP4))));
    }

    private static HttpHeaders headers(HlsFiles.Kind kind) {
        return CORS.allow(new DefaultHttpHeaders())
                .set(HttpHeaderNames.CONTENT_TYPE, kind.contentType())
                .set(HttpHeaderNames.CACHE_CONTROL, kind.cacheControl())
                .set(HttpHeaderNames.VARY, HttpHeaderNames.AUTHORIZATION);
    }

    /** Opens a file, off the event loop. */
    @FunctionalInterface
    private interface Opening {
        FileResponse open() throws IOException;
    }

    /** Sends what {@code opening} opens, zero-copy; 404 if the file is gone. */
    private void send(Exchange exchange, Opening opening) {
        FileResponse response;
        try {
            response = opening.open();
        } catch (NoSuchFileException e) {
            notFound(exchange); // segments are deleted as the window moves
            return;
        } catch (IOException e) {
            throw new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "cannot read");
        }
        try {
            response.send(exchange.ctx(), exchange.request());
        } catch (RuntimeException e) {
            throw new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "cannot send");
        }
    }

    /** A player let in to a classic file keeps its stream's MPEG-TS being made (when that is made on request). */
    private void askedFor(Target target, HlsFiles.HlsFile file) {
        if (file.classic()) {
            playlists.classicAsked(target.stream());
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
