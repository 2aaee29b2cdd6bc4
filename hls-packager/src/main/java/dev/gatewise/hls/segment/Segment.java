package dev.gatewise.hls.segment;

/**
 * A finished MPEG-TS segment, still in memory.
 *
 * @param data the transport stream, starting with PAT and PMT
 * @param startMillis the stream time of its first frame on the timing track (video, or audio when there is none)
 * @param durationMillis how long it plays: up to the next segment's start, or for the last one up to its last frame's
 *     end
 */
public record Segment(byte[] data, long startMillis, long durationMillis) {

    /** The segment's bit rate in bits per second. */
    public long bitsPerSecond() {
        return data.length * 8000L / Math.max(1, durationMillis);
    }
}
