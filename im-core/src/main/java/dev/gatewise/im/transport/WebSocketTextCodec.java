package dev.gatewise.im.transport;

import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ErrorFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/** A WebSocket carries one JSON frame per text frame; binary frames are refused. */
final class WebSocketTextCodec extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {
    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf json, List<Object> out) {
        out.add(new TextWebSocketFrame(json.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (frame instanceof TextWebSocketFrame) {
            out.add(frame.content().retain());
        } else {
            ctx.channel().writeAndFlush(new ErrorFrame(null, ErrorCode.MALFORMED_JSON,
                    "only text frames are accepted: send each JSON frame as one text frame"));
        }
    }
}
