package dev.gatewise.gateway.media;

import dev.gatewise.hls.HlsFiles;
import dev.gatewise.im.http.BlockingApi;
import dev.gatewise.im.http.FileResponse;
import dev.gatewise.im.http.HttpResponses;
import dev.gatewise.im.http.WholeRequestRoute;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * {@code /hls/STREAM/...}: playlists, segments and thumbnails as the packager wrote them, with their content types
 * and cache policies, open to players on any origin (CORS), sent zero-copy. Where nginx shares the HLS directory it
 * serves these itself (see nginx/); this route is for a gateway on its own.
 */
public final class HlsRoute implements WholeRequestRoute {
    private static final String PREFIX = "/hls";

    private final HlsFiles files;
    private final BlockingApi disk;

    /** @param disk where files are opened, off the event loop */
    public HlsRoute(HlsFiles files, BlockingApi disk) {
        this.files = files;
        this.disk = disk;
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.OPTIONS)) {
            var preflight = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT,
                    Unpooled.EMPTY_BUFFER);
            cors(preflight.headers()).set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS")
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Range")
                    .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, 86400);
            HttpResponses.send(ctx, request, preflight);
            request.release();
            return;
        }
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            HttpResponses.error(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "HLS is read with GET");
            request.release();
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        var file = files.resolve(path.substring(Math.min(path.length(), PREFIX.length() + 1)));
        if (file.isEmpty()) {
            notFound(ctx, request);
            request.release();
            return;
        }
        disk.answer(ctx, request, () -> serve(ctx, request, file.get()));
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest request, HlsFiles.HlsFile file) {
        FileChannel channel;
        BasicFileAttributes attributes;
        try {
            // Opened before its attributes are read: a file replaced meanwhile is served whole, as it was opened.
            channel = FileChannel.open(file.path(), StandardOpenOption.READ);
            attributes = Files.readAttributes(file.path(), BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            notFound(ctx, request);
            return;
        } catch (IOException e) {
            HttpResponses.error(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "cannot read");
            return;
        }
        HttpHeaders headers = cors(new DefaultHttpHeaders())
                .set(HttpHeaderNames.CONTENT_TYPE, file.kind().contentType())
                .set(HttpHeaderNames.CACHE_CONTROL, file.kind().cacheControl());
        long modified = attributes.lastModifiedTime().toMillis();
        String etag = "\"" + Long.toHexString(modified) + "-" + Long.toHexString(attributes.size()) + "\"";
        try {
            new FileResponse(channel, attributes.size(), modified, etag, headers).send(ctx, request);
        } catch (RuntimeException e) {
            HttpResponses.error(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "cannot send");
        }
    }

    private static void notFound(ChannelHandlerContext ctx, FullHttpRequest request) {
        var response = HttpResponses.jsonResponse(HttpResponseStatus.NOT_FOUND, java.util.Map.of("error", "not_found",
                "message", "no such stream file (the stream may not be live)"));
        cors(response.headers()).set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        HttpResponses.send(ctx, request, response);
    }

    private static HttpHeaders cors(HttpHeaders headers) {
        return headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "Content-Length, Content-Range, ETag");
    }
}
