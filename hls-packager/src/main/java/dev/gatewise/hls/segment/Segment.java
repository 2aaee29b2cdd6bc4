package dev.gatewise.hls.segment;

import java.util.List;

/**
 * A finished MPEG-TS segment, still in memory.
 *
 * @param pieces the transport stream, starting with PAT and PMT, in pieces to write one after the other
 * @param startMillis the stream time of its first frame on the timing track (video, or audio when there is none)
 * @param durationMillis how long it plays: up to the next segment's start, or for the last one up to its last frame's
 *     end
 */
public record Segment(List<byte[]> pieces, long startMillis, long durationMillis) {}
