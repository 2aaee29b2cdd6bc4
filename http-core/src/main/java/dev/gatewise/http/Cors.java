package dev.gatewise.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Cross-origin access for routes that any page may use (players, upload clients): every answer allows any origin
 * and exposes {@code exposed}; a preflight ({@code OPTIONS}) allows {@code methods} and {@code requestHeaders}
 * for a day. Credentials are tokens in headers or signed URLs, never cookies, so {@code *} is safe.
 *
 * @param methods what a preflight allows, e.g. {@code GET, HEAD, OPTIONS}
 * @param requestHeaders the request headers a preflight allows
 * @param exposed the response headers scripts may read
 */
public record Cors(String methods, String requestHeaders, String exposed) {

    /** Adds the headers every answer carries; returns {@code headers}. */
    public HttpHeaders allow(HttpHeaders headers) {
        return headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, exposed);
    }

    /** The answer to a preflight: 204 with what may be sent; callers may add headers of their own. */
    public FullHttpResponse preflight() {
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT,
                Unpooled.EMPTY_BUFFER);
        allow(response.headers())
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, methods)
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, requestHeaders)
                .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, 86400);
        return response;
    }
}
