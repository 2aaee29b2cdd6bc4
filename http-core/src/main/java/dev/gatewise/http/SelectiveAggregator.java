package dev.gatewise.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Aggregates request bodies up to a limit (413 beyond it), except for requests a streaming route
 * takes piece by piece, which pass through untouched.
 */
final class SelectiveAggregator extends HttpObjectAggregator {
    private final Predicate<HttpRequest> streams;
    private final int maxBodyBytes;
    private boolean passingThrough;

    SelectiveAggregator(int maxBodyBytes, Predicate<HttpRequest> streams) {
        super(maxBodyBytes);
        this.maxBodyBytes = maxBodyBytes;
        this.streams = streams;
    }

    @Override
    public boolean acceptInboundMessage(Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            passingThrough = streams.test(request);
        } else if (!(msg instanceof HttpContent)) {
            return super.acceptInboundMessage(msg);
        }
        return !passingThrough && super.acceptInboundMessage(msg);
    }

    /**
     * The 413 as every other refusal: a JSON body with a code and a reason (Netty's own has no body).
     * Whether the connection stays open is decided as Netty does.
     */
    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        boolean close = oversized instanceof FullHttpMessage || !ctx.channel().config().isAutoRead()
                || (!HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized));
        byte[] body = HttpJson.MAPPER.writeValueAsBytes(Map.of("error", "too_large",
                "message", "the request body is over " + maxBodyBytes + " bytes"));
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON + "; charset=utf-8");
        HttpUtil.setContentLength(response, body.length);
        HttpUtil.setKeepAlive(response, !close);
        // Written from here, as Netty does: the handlers after this one never saw the request.
        ctx.writeAndFlush(response).addListener(close ? ChannelFutureListener.CLOSE
                : ChannelFutureListener.CLOSE_ON_FAILURE);
    }
}
