package dev.gatewise.media.rtmp.chunk;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Builds the protocol control and user control messages the server sends (RTMP specification 1.0, 5.4 and 6.2). */
public final class ControlMessages {
    public static final int USER_STREAM_BEGIN = 0;
    public static final int USER_STREAM_EOF = 1;
    public static final int USER_PING_REQUEST = 6;
    public static final int USER_PING_RESPONSE = 7;

    private ControlMessages() {}

    public static RtmpMessage setChunkSize(int size) {
        return control(MessageType.SET_CHUNK_SIZE, Unpooled.buffer(4).writeInt(size));
    }

    public static RtmpMessage acknowledgement(long sequenceNumber) {
        return control(MessageType.ACKNOWLEDGEMENT, Unpooled.buffer(4).writeInt((int) sequenceNumber));
    }

    public static RtmpMessage windowAckSize(int size) {
        return control(MessageType.WINDOW_ACK_SIZE, Unpooled.buffer(4).writeInt(size));
    }

    /** Set Peer Bandwidth with limit type 2 (dynamic). */
    public static RtmpMessage setPeerBandwidth(int size) {
        return control(MessageType.SET_PEER_BANDWIDTH, Unpooled.buffer(5).writeInt(size).writeByte(2));
    }

    public static RtmpMessage userControl(int event, int value) {
        return control(MessageType.USER_CONTROL, Unpooled.buffer(6).writeShort(event).writeInt(value));
    }

    private static RtmpMessage control(int type, ByteBuf payload) {
        return new RtmpMessage(type, 0, 0, payload);
    }
}
