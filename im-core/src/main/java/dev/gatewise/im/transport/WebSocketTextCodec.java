package dev.gatewise.im.transport;

import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/** A WebSocket carries one JSON frame per text frame; binary frames are refused (and count as undecodable). */
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
            var refused = new ProtocolException(ErrorCode.MALFORMED_JSON,
                    "only text frames are accepted: send each JSON frame as one text frame");
            // Counted with the undecodable frames, so a stream of binary frames ends in too_many_errors.
            FrameJsonCodec json = ctx.pipeline().get(FrameJsonCodec.class);
            if (json != null) {
                json.refuse(ctx.channel(), refused);
            } else {
                ctx.channel().writeAndFlush(refused.toFrame());
            }
        }
    }
}
