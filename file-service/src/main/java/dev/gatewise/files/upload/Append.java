package dev.gatewise.files.upload;

import dev.gatewise.files.meta.FileRecord;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;

/**
 * Bytes of one request being appended to an upload: written to disk as they arrive, hashed on the way (the whole
 * file's SHA-256, and the request's own checksum if the client sent one). Used by one thread at a time.
 */
public final class Append {
    final FileRecord start;
    final FileChannel channel;
    final MessageDigest fileDigest;
    final UploadChecksum checksum;
    final long limit;
    /** The upload's record as last stored by this request. */
    FileRecord recorded;
    long written;
    long durable;

    Append(FileRecord start, FileChannel channel, MessageDigest fileDigest, UploadChecksum checksum, long limit) {
        this.start = start;
        this.channel = channel;
        this.fileDigest = fileDigest;
        this.checksum = checksum;
        this.limit = limit;
        this.recorded = start;
    }

    /** Where the upload stands now, counting bytes written by this request. */
    public long offset() {
        return start.offset() + written;
    }

    /** Writes {@code buf}'s readable bytes; refuses bytes beyond the upload's length or the size limit. */
    void write(ByteBuf buf) throws IOException {
        int n = buf.readableBytes();
        if (offset() + n > limit) {
            throw new UploadException.TooLarge(limit);
        }
        for (ByteBuffer piece : buf.nioBuffers()) {
            fileDigest.update(piece.duplicate());
            if (checksum != null) {
                checksum.update(piece.duplicate());
            }
            while (piece.hasRemaining()) {
                channel.write(piece);
            }
        }
        written += n;
    }
}
