package dev.gatewise.gateway.http;

import dev.gatewise.http.HttpResponses;
import dev.gatewise.http.Exchange;
import dev.gatewise.http.Route;
import dev.gatewise.http.Routes;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The web client's files, bundled in the jar under {@code static/}, served at {@code /}. */
public final class StaticResourceRoute {
    private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** What no other route claims. */
    public List<Route> routes() {
        return new Routes().read("/**", this::page).list();
    }

    private void page(Exchange exchange) {
        ChannelHandlerContext ctx = exchange.ctx();
        FullHttpRequest request = exchange.request();
        try {
            String path = exchange.path();
            if (path.equals("/")) {
                path = "/index.html";
            }
            boolean head = request.method().equals(HttpMethod.HEAD);
            byte[] body = SAFE_PATH.matcher(path).matches() ? cache.computeIfAbsent(path, this::load) : null;
            if (body == null || body.length == 0) {
                cache.remove(path);
                HttpResponses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "not_found", "no such page");
                return;
            }
            var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
            String extension = path.substring(path.lastIndexOf('.') + 1);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, TYPES.getOrDefault(extension,
                    "application/octet-stream"));
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            response.headers().set("X-Content-Type-Options", "nosniff");
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            HttpResponses.send(ctx, request, response);
        } finally {
            request.release();
        }
    }

    /** Reads a bundled file; an empty array marks one that does not exist. */
    private byte[] load(String path) {
        try (InputStream in = getClass().getResourceAsStream("/static" + path)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
