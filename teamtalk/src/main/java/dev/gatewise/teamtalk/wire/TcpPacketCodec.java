package dev.gatewise.teamtalk.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageCodec;
import java.util.List;

/** Packets on raw TCP: a length over the limit is refused as soon as the header's first four bytes are in. */
public final class TcpPacketCodec extends ByteToMessageCodec<Packet> {
    private final int maxPacketBytes;

    public TcpPacketCodec(int maxPacketBytes) {
        this.maxPacketBytes = maxPacketBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int length = PacketHeader.checkedLength(in.getUnsignedInt(in.readerIndex()), maxPacketBytes);
        if (in.readableBytes() >= length) {
            out.add(PacketHeader.read(in, length));
        }
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Packet packet, ByteBuf out) {
        PacketHeader.write(packet, out);
    }
}
