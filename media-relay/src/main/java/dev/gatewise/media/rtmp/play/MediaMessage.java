package dev.gatewise.media.rtmp.play;

import dev.gatewise.media.rtmp.chunk.MessageType;
import dev.gatewise.media.rtmp.chunk.RtmpMessage;
import io.netty.buffer.Unpooled;

/**
 * An audio or video message as players get it: an FLV tag header and the data a sink was handed. Kept as arrays, so
 * the group of pictures can be cached and sent to any number of players without reference counting.
 *
 * @param type {@link MessageType#AUDIO} or {@link MessageType#VIDEO}
 * @param timestamp the stream time in milliseconds
 * @param keyframe whether it is a video keyframe (a player that fell behind resumes at one)
 */
record MediaMessage(int type, long timestamp, boolean keyframe, byte[] header, byte[] data) {

    int size() {
        return header.length + data.length;
    }

    /** A new message each time: the chunk encoder releases what it writes. */
    RtmpMessage toRtmp(int streamId) {
        return new RtmpMessage(type, streamId, timestamp, Unpooled.wrappedBuffer(header, data));
    }
}
