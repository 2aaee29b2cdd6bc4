package dev.gatewise.hls.live;

import io.netty.buffer.ByteBuf;
import java.nio.file.Path;

/**
 * Where a listed part's bytes are. A part of the segment being built is in memory: a blocking reload or a preload
 * hint wants it the moment it is made, before any file holds it. Once its segment's file is on disk the part is a
 * range of that file (the segment is its parts concatenated), so a live rendition keeps one segment of media on the
 * heap, not the three whose parts are listed: media that outlived young collections was most of what the old
 * generation held, and what its full collections cost. The open segment's parts are in direct buffers for the same
 * reason: held for up to a segment's length, on the heap they too outlived young collections.
 */
public sealed interface LivePart {

    /** A part of the open segment, or of one whose file is not written yet: a reference the holder releases. */
    record InMemory(ByteBuf bytes) implements LivePart {}

    /** A part of a segment on disk: {@code length} bytes from {@code offset} in the segment's file. */
    record InFile(Path segment, long offset, int length) implements LivePart {}
}
