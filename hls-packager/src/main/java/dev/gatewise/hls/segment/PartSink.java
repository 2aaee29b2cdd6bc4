package dev.gatewise.hls.segment;

import io.netty.buffer.ByteBuf;

/** Receives what {@link CmafSegments} makes of one rendition, in order, on the rendition's worker. */
public interface PartSink {

    /** A new initialization segment (the first, or after a configuration changed); the next segment uses it. */
    void init(byte[] initSegment);

    /** A segment starts. */
    void segmentStart(long startMillis);

    /**
     * A partial segment of the current segment, complete.
     *
     * @param fragment a {@code moof} and its {@code mdat}, in a direct buffer whose reference the sink takes over
     * @param independent whether it starts with a keyframe
     */
    void part(ByteBuf fragment, long durationMillis, boolean independent);

    /** The current segment is complete: it is the concatenation of its parts. */
    void segmentEnd(long durationMillis);
}
