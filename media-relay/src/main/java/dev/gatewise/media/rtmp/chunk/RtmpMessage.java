package dev.gatewise.media.rtmp.chunk;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One reassembled RTMP message: its type, the message stream it belongs to, its 32-bit timestamp and its payload.
 * A {@link io.netty.buffer.ByteBufHolder}, so whoever ends up with it releases it and Netty counts its size against
 * a channel's write buffer.
 */
public final class RtmpMessage extends DefaultByteBufHolder {
    private final int type;
    private final int streamId;
    private final long timestamp;

    /**
     * @param timestamp milliseconds on the sender's clock, taken modulo 2^32 as RTMP carries it
     */
    public RtmpMessage(int type, int streamId, long timestamp, ByteBuf payload) {
        super(payload);
        this.type = type;
        this.streamId = streamId;
        this.timestamp = timestamp & 0xFFFFFFFFL;
    }

    public int type() {
        return type;
    }

    public int streamId() {
        return streamId;
    }

    public long timestamp() {
        return timestamp;
    }

    @Override
    public RtmpMessage replace(ByteBuf content) {
        return new RtmpMessage(type, streamId, timestamp, content);
    }

    @Override
    public RtmpMessage retain() {
        super.retain();
        return this;
    }

    @Override
    public RtmpMessage retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public String toString() {
        return "RtmpMessage(type " + type + ", stream " + streamId + ", ts " + timestamp + ", "
                + content().readableBytes() + " bytes)";
    }
}
