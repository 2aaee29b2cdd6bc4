package dev.gatewise.hls.disk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes files so that readers see either the old content or the whole new content, never a part: the bytes go to a
 * temporary name in the same directory (same file system, so the rename is atomic), then the file is moved over the
 * target. The temporary names start with a dot, which no served file name does.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    public static void write(Path target, byte[] content) throws IOException {
        write(target, List.of(content));
    }

    /** Writes the pieces one after the other, as one file; nothing is copied to join them. */
    public static void write(Path target, List<byte[]> pieces) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                for (byte[] piece : pieces) {
                    out.write(piece);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }
}
