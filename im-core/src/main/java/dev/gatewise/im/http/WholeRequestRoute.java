package dev.gatewise.im.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/** A route that takes each request whole (aggregated), as every route but uploads does. */
public interface WholeRequestRoute extends HttpRoute {
    /** Handles one request; the route owns it and must release it. Runs on the event loop. */
    void handle(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception;

    @Override
    default void handle(ChannelHandlerContext ctx, HttpObject msg) throws Exception {
        if (msg instanceof FullHttpRequest request) {
            handle(ctx, request);
        } else {
            // Only whole requests reach a route that does not stream; anything else is let go.
            ReferenceCountUtil.release(msg);
        }
    }
}
