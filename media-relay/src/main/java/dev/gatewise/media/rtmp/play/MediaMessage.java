package dev.gatewise.media.rtmp.play;

import dev.gatewise.media.rtmp.chunk.MessageType;
import dev.gatewise.media.rtmp.chunk.RtmpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * An audio or video message as players get it: an FLV tag header and the data a sink was handed, copied once into a
 * direct buffer that every player's message shares. Direct, because the group of pictures is cached for up to a GOP's
 * length, long enough on the heap to outlive young collections and fill the old generation; and a socket is written
 * from direct memory without another copy. The relay holds one reference and releases it once the message is neither
 * cached nor current.
 *
 * @param type {@link MessageType#AUDIO} or {@link MessageType#VIDEO}
 * @param timestamp the stream time in milliseconds
 * @param keyframe whether it is a video keyframe (a player that fell behind resumes at one)
 * @param body the tag header and data
 */
record MediaMessage(int type, long timestamp, boolean keyframe, ByteBuf body) {

    static MediaMessage of(int type, long timestamp, boolean keyframe, byte[] header, byte[] data) {
        int size = header.length + data.length;
        ByteBuf body = ByteBufAllocator.DEFAULT.directBuffer(size, size).writeBytes(header).writeBytes(data);
        return new MediaMessage(type, timestamp, keyframe, body);
    }

    int size() {
        return body.readableBytes();
    }

    /** The same bytes at another time (a configuration sent to a player that joins), sharing this one's reference. */
    MediaMessage at(long otherTimestamp) {
        return new MediaMessage(type, otherTimestamp, false, body);
    }

    /** A new message each time, with a reference of its own: the chunk encoder releases what it writes. */
    RtmpMessage toRtmp(int streamId) {
        return new RtmpMessage(type, streamId, timestamp, body.retainedDuplicate());
    }

    void release() {
        body.release();
    }
}
