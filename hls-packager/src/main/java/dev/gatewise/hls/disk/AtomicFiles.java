package dev.gatewise.hls.disk;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes files so that readers see either the old content or the whole new content, never a part: the bytes go to a
 * temporary name in the same directory (same file system, so the rename is atomic), then the file is moved over the
 * target. The temporary names start with a dot, which no served file name does.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    public static void write(Path target, byte[] content) throws IOException {
        write(target, Unpooled.wrappedBuffer(content));
    }

    /** Writes the pieces one after the other, as one file; nothing is copied to join them. */
    public static void write(Path target, List<byte[]> pieces) throws IOException {
        write(target, Unpooled.wrappedBuffer(pieces.toArray(byte[][]::new)));
    }

    /** Writes a buffer's readable bytes (a composite one's components with one gathering write); does not release it. */
    public static void write(Path target, ByteBuf content) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer[] buffers = content.nioBuffers();
                while (hasRemaining(buffers)) {
                    out.write(buffers);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer buffer : buffers) {
            if (buffer.hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
