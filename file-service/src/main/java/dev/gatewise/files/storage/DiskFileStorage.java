package dev.gatewise.files.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Files on local disk under {@code root/XY/ID}: the two-character fan-out keeps directories small.
 * Paths are built only from validated {@link FileId}s, so no request can name a path.
 */
public final class DiskFileStorage implements FileStorage {
    private final Path root;

    public DiskFileStorage(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    @Override
    public Path path(FileId id) {
        return root.resolve(id.value().substring(0, 2)).resolve(id.value());
    }

    @Override
    public void create(FileId id) throws IOException {
        Path path = path(id);
        Files.createDirectories(path.getParent());
        Files.newByteChannel(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
    }

    @Override
    public WritableByteChannel appendAt(FileId id, long offset) throws IOException {
        FileChannel channel = FileChannel.open(path(id), StandardOpenOption.WRITE);
        try {
            long size = channel.size();
            if (size < offset) {
                throw new IOException("file " + id + " has " + size + " bytes, expected " + offset);
            }
            // Bytes past the recorded offset belong to a write whose progress was never recorded.
            channel.truncate(offset);
            channel.position(offset);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public long size(FileId id) throws IOException {
        try {
            return Files.size(path(id));
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    @Override
    public FileChannel openForRead(FileId id) throws IOException {
        return FileChannel.open(path(id), StandardOpenOption.READ);
    }

    @Override
    public void delete(FileId id) throws IOException {
        Files.deleteIfExists(path(id));
    }
}
