package dev.gatewise.hls.live;

import java.nio.file.Path;

/**
 * Where a listed part's bytes are. Each part is appended to its segment's parts file as it is made ({@code
 * .seg-N.m4s.parts}, which becomes {@code seg-N.m4s} by a second name once complete) and from then on is a range of
 * that file, read from the page cache; it is in memory only until that write is done. Media thus leaves the heap
 * within milliseconds: a segment's parts held until the segment was written lived long enough to be promoted, and
 * with a hundred streams the old generation's full collections stopped the event loops 15 % of the time.
 */
public sealed interface LivePart {

    /** A part whose write is not done yet (or failed). */
    record InMemory(byte[] bytes) implements LivePart {}

    /** A part on disk: {@code length} bytes from {@code offset} in its segment's parts file. */
    record InFile(Path segment, long offset, int length) implements LivePart {}
}
