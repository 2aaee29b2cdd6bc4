package dev.gatewise.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each request of one connection to its route. The route is found once, when the aggregator before this
 * handler sees the request's head and asks {@link #streamsBody} whether to aggregate it; this handler then uses
 * that match (requests on a connection reach both handlers in order).
 */
final class HttpRouter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);

    private final RouteTable routes;
    private RouteTable.Match next;
    private BodyHandler.Body body;

    HttpRouter(RouteTable routes) {
        this.routes = routes;
    }

    /** Finds the route of a request whose head has just been read; whether its body streams. */
    boolean streamsBody(HttpRequest request) {
        next = request.decoderResult().isFailure() ? null : routes.match(request);
        return next != null && next.found() && next.route().streamsBody();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            body = null;
            RouteTable.Match match = next;
            next = null;
            if (request.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                HttpResponses.error(ctx, null, HttpResponseStatus.BAD_REQUEST, "bad_request",
                        "malformed HTTP request: " + request.decoderResult().cause().getMessage());
                return;
            }
            if (match == null) {
                match = routes.match(request); // only if no aggregator asked first
            }
            if (!match.found()) {
                ReferenceCountUtil.release(msg);
                refuse(ctx, request, match);
                return;
            }
            route(ctx, request, match);
        } else if (msg instanceof HttpContent content) {
            if (body == null) {
                content.release(); // the rest of a refused request
            } else {
                if (content instanceof LastHttpContent) {
                    BodyHandler.Body last = body;
                    body = null;
                    last.content(content);
                } else {
                    body.content(content);
                }
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void route(ChannelHandlerContext ctx, HttpRequest request, RouteTable.Match match) throws Exception {
        Route route = match.route();
        Map<String, String> params = match.params();
        if (request instanceof FullHttpRequest whole && !route.streamsBody()) {
            try {
                route.handler().handle(new Exchange(ctx, whole, params, match.query()));
            } catch (Exception e) {
                if (whole.refCnt() > 0) {
                    whole.release();
                }
                HttpResponses.send(ctx, request, BlockingApi.refusal(request, e));
            }
        } else if (route.streamsBody()) {
            body = route.body().start(ctx, request, params);
        } else {
            ReferenceCountUtil.release(request); // cannot happen: the aggregator decided on the same route
        }
    }

    private static void refuse(ChannelHandlerContext ctx, HttpRequest request, RouteTable.Match match) {
        if (match.allowed() == null) {
            HttpResponses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "not_found", "nothing here");
            return;
        }
        var response = HttpResponses.jsonResponse(HttpResponseStatus.METHOD_NOT_ALLOWED, Map.of(
                "error", "method_not_allowed",
                "message", request.method() + " is not allowed on " + match.query().path()
                        + " (allowed: " + match.allowed() + ")"));
        response.headers().set(HttpHeaderNames.ALLOW, match.allowed());
        HttpResponses.send(ctx, request, response);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
