package dev.gatewise.files.upload;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatewise.files.storage.FileId;
import dev.gatewise.files.storage.FileStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * The SHA-256 of each unfinished upload so far, so that a file's checksum is known the moment its last byte
 * arrives without reading it again. Kept in memory between requests; when it is missing (another node took the
 * previous request, or the server restarted) it is rebuilt by reading the bytes stored so far.
 */
final class UploadDigests {
    private final Cache<FileId, Progress> digests = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();
    private final FileStorage storage;

    UploadDigests(FileStorage storage) {
        this.storage = storage;
    }

    /** A digest of the file's first {@code offset} bytes, the caller's to update. Blocking. */
    MessageDigest upTo(FileId id, long offset) throws IOException {
        Progress known = digests.getIfPresent(id);
        if (known != null && known.offset() == offset) {
            try {
                return (MessageDigest) known.digest().clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
        }
        MessageDigest digest = sha256();
        if (offset == 0) {
            return digest;
        }
        try (FileChannel channel = storage.openForRead(id)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            long position = 0;
            while (position < offset) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), offset - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new IOException("file " + id + " is shorter than its recorded " + offset + " bytes");
                }
                position += n;
                digest.update(buffer.flip());
            }
        }
        return digest;
    }

    /** Remembers the digest of the first {@code offset} bytes for the upload's next request. */
    void remember(FileId id, long offset, MessageDigest digest) {
        try {
            digests.put(id, new Progress(offset, (MessageDigest) digest.clone()));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    void forget(FileId id) {
        digests.invalidate(id);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Progress(long offset, MessageDigest digest) {}
}
