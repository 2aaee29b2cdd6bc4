package dev.gatewise.im.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends each request to the route with the longest matching path prefix. */
final class HttpRouter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);

    private final List<HttpRoute> routes;
    private HttpRoute current;

    /** @param routes sorted by {@link #longestPrefixFirst} */
    HttpRouter(List<HttpRoute> routes) {
        this.routes = routes;
    }

    static List<HttpRoute> longestPrefixFirst(List<HttpRoute> routes) {
        return routes.stream().sorted(Comparator.comparingInt((HttpRoute r) -> r.prefix().length()).reversed())
                .toList();
    }

    static HttpRoute find(List<HttpRoute> routes, HttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        for (HttpRoute route : routes) {
            String prefix = route.prefix();
            if (prefix.equals("/") || path.equals(prefix) || path.startsWith(prefix + "/")) {
                return route;
            }
        }
        return null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            if (request.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                current = null;
                HttpResponses.error(ctx, null, HttpResponseStatus.BAD_REQUEST, "bad_request",
                        "malformed HTTP request: " + request.decoderResult().cause().getMessage());
                return;
            }
            current = find(routes, request);
            if (current == null) {
                ReferenceCountUtil.release(msg);
                HttpResponses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "not_found", "nothing here");
                return;
            }
        }
        if (msg instanceof HttpObject object && current != null) {
            current.handle(ctx, object);
        } else if (msg instanceof HttpContent) {
            ReferenceCountUtil.release(msg); // the rest of a refused request
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
