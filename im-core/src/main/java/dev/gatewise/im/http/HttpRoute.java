package dev.gatewise.im.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;

/**
 * A part of the HTTP port, served under a path prefix. Unless it streams bodies, a route receives
 * each request whole, as a {@link io.netty.handler.codec.http.FullHttpRequest} (implement
 * {@link WholeRequestRoute}); a route that streams bodies (uploads) receives the {@link HttpRequest}
 * and then its {@link io.netty.handler.codec.http.HttpContent}s.
 */
public interface HttpRoute {
    /** The path prefix, such as {@code /api}; {@code /} serves what no other route claims. */
    String prefix();

    /** Whether this request's body reaches the route in pieces instead of aggregated. */
    default boolean streamsBody(HttpRequest request) {
        return false;
    }

    /** Handles one message of a request; the route owns {@code msg} and must release it. Runs on the event loop. */
    void handle(ChannelHandlerContext ctx, HttpObject msg) throws Exception;
}
