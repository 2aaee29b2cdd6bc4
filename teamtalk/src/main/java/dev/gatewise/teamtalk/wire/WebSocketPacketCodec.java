package dev.gatewise.teamtalk.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * Packets in WebSocket binary messages, one packet per message (as TeamTalk's web client sends them); the header's
 * length must be the message's. Pings and closes are the protocol handler's; anything else is bad input.
 */
public final class WebSocketPacketCodec extends MessageToMessageCodec<WebSocketFrame, Packet> {
    private final int maxPacketBytes;

    public WebSocketPacketCodec(int maxPacketBytes) {
        this.maxPacketBytes = maxPacketBytes;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Packet packet, List<Object> out) {
        ByteBuf buf = ctx.alloc().buffer(Packet.HEADER_BYTES + packet.body().length);
        PacketHeader.write(packet, buf);
        out.add(new BinaryWebSocketFrame(buf));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (!(frame instanceof BinaryWebSocketFrame) || !frame.isFinalFragment()) {
            throw new BadPacketException("expected one TeamTalk packet per binary WebSocket message, got "
                    + frame.getClass().getSimpleName());
        }
        ByteBuf in = frame.content();
        if (in.readableBytes() < Packet.HEADER_BYTES) {
            throw new BadPacketException("a WebSocket message of " + in.readableBytes() + " bytes is no packet");
        }
        int length = PacketHeader.checkedLength(in.getUnsignedInt(in.readerIndex()), maxPacketBytes);
        if (length != in.readableBytes()) {
            throw new BadPacketException("packet length " + length + " in a WebSocket message of "
                    + in.readableBytes() + " bytes");
        }
        out.add(PacketHeader.read(in, length));
    }
}
