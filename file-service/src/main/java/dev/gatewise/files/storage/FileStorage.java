package dev.gatewise.files.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * Where a file's bytes live. Small on purpose so an object store can follow the local disk.
 * Blocking: call off the event loop.
 */
public interface FileStorage {
    /** Creates an empty file for a new upload. */
    void create(FileId id) throws IOException;

    /**
     * A channel that appends at {@code offset}, which must equal the bytes stored so far; anything
     * beyond it (a write cut off before its offset was recorded) is discarded first.
     */
    WritableByteChannel appendAt(FileId id, long offset) throws IOException;

    /** Bytes stored so far, or -1 when the file does not exist. */
    long size(FileId id) throws IOException;

    /** Opens the file for reading; the caller closes it (downloads hand it to a FileRegion). */
    FileChannel openForRead(FileId id) throws IOException;

    /**
     * A local path to the file's bytes, for native code that reads and writes files itself (FFmpeg); storage that is
     * not a local disk would stage a copy.
     */
    Path path(FileId id) throws IOException;

    /** Removes the file; no error when it is already gone. */
    void delete(FileId id) throws IOException;
}
