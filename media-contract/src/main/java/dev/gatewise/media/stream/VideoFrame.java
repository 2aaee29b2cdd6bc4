package dev.gatewise.media.stream;

/**
 * One H.264 access unit as the publisher sent it.
 *
 * @param dts decode time in milliseconds since the stream started (RTMP's 32-bit clock, extended so it never wraps)
 * @param compositionOffset presentation time minus decode time, in milliseconds (B-frames make it positive)
 * @param keyframe whether a decoder can start here (an IDR frame)
 * @param avcc the NAL units, each prefixed by its 4-byte big-endian length (AVCC framing, as in FLV and MP4)
 */
public record VideoFrame(long dts, int compositionOffset, boolean keyframe, byte[] avcc) {

    public long pts() {
        return dts + compositionOffset;
    }
}
