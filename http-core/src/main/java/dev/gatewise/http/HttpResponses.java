package dev.gatewise.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/** JSON answers, including the error body every refusal carries: {@code {"error": CODE, "message": ...}}. */
public final class HttpResponses {
    private HttpResponses() {}

    public static void json(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, Object body) {
        send(ctx, request, jsonResponse(status, body));
    }

    /** A JSON answer to complete with headers of its own before {@link #send}. */
    public static FullHttpResponse jsonResponse(HttpResponseStatus status, Object body) {
        byte[] bytes;
        try {
            bytes = HttpJson.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON + "; charset=utf-8");
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    public static void error(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String code,
                             String message) {
        json(ctx, request, status, Map.of("error", code, "message", message));
    }

    /**
     * Sends a complete response, keeping the connection open only if the request allows it. The
     * Content-Length is the body's unless already set (an answer to HEAD).
     */
    public static void send(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response) {
        if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            HttpUtil.setContentLength(response, response.content().readableBytes());
        }
        boolean keepAlive = request != null && HttpUtil.isKeepAlive(request) && response.status().code() < 500;
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.channel().writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
