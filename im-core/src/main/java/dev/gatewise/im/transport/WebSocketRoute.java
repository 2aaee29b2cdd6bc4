package dev.gatewise.im.transport;

import dev.gatewise.im.http.HttpResponses;
import dev.gatewise.im.http.WholeRequestRoute;
import dev.gatewise.im.http.HttpServer;
import dev.gatewise.im.session.Transport;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * Chat over WebSocket at {@code /ws}: upgrades the HTTP connection, then runs the same chat pipeline
 * as TCP with one JSON frame per text frame. Netty answers pings and closes with a status for
 * oversized frames (1009) and invalid UTF-8 (1007).
 */
public final class WebSocketRoute implements WholeRequestRoute {
    private final ChatPipeline chat;
    private final String path;

    public WebSocketRoute(ChatPipeline chat, String path) {
        this.chat = chat;
        this.path = path;
    }

    @Override
    public String prefix() {
        return path;
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE, ""))) {
            HttpResponses.error(ctx, request, HttpResponseStatus.BAD_REQUEST, "upgrade_required",
                    "this is the chat WebSocket endpoint; connect with a WebSocket client");
            request.release();
            return;
        }
        int maxFrame = chat.settings().getMaxFrameBytes();
        var pipeline = ctx.pipeline();
        pipeline.addAfter(ctx.name(), "ws-protocol", new WebSocketServerProtocolHandler(
                WebSocketServerProtocolConfig.newBuilder()
                        .websocketPath(path)
                        .checkStartsWith(true)
                        .maxFramePayloadLength(maxFrame)
                        .handshakeTimeoutMillis(10_000)
                        .build()));
        pipeline.addAfter("ws-protocol", "ws-aggregator", new WebSocketFrameAggregator(maxFrame));
        pipeline.addAfter("ws-aggregator", "ws-text", new WebSocketTextCodec());
        chat.install(ctx.channel(), Transport.WEBSOCKET);
        ctx.fireChannelRead(request);
        for (String name : HttpServer.HTTP_HANDLERS) {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
    }
}
