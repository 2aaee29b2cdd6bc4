package dev.gatewise.teamtalk.wire;

import io.netty.buffer.ByteBuf;

/** Reads and writes the 16-byte header, the same on TCP and in WebSocket binary frames. */
final class PacketHeader {
    private PacketHeader() {}

    /** Checks a declared length against the limit before its bytes arrive. */
    static int checkedLength(long length, int maxPacketBytes) {
        if (length < Packet.HEADER_BYTES || length > maxPacketBytes) {
            throw new BadPacketException("bad packet length " + length + " (16 to " + maxPacketBytes + " allowed)");
        }
        return (int) length;
    }

    /** Reads one whole packet of {@code length} bytes at the reader index. */
    static Packet read(ByteBuf in, int length) {
        in.skipBytes(4); // the length, already checked
        in.skipBytes(4); // version and flag: no client sets them to anything we act on
        int service = in.readUnsignedShort();
        int command = in.readUnsignedShort();
        int seq = in.readUnsignedShort();
        in.skipBytes(2);
        byte[] body = new byte[length - Packet.HEADER_BYTES];
        in.readBytes(body);
        return new Packet(service, command, seq, body);
    }

    static void write(Packet packet, ByteBuf out) {
        out.writeInt(Packet.HEADER_BYTES + packet.body().length);
        out.writeShort(0);
        out.writeShort(0);
        out.writeShort(packet.service());
        out.writeShort(packet.command());
        out.writeShort(packet.seq());
        out.writeShort(0);
        out.writeBytes(packet.body());
    }
}
