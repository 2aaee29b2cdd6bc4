package dev.gatewise.files.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskFileStorageTest {
    @TempDir
    Path dir;

    @Test
    void appendsResumesAfterReopeningAndDropsUnrecordedBytes() throws IOException {
        FileId id = FileId.random();
        var storage = new DiskFileStorage(dir);
        storage.create(id);
        try (var out = storage.appendAt(id, 0)) {
            out.write(ByteBuffer.wrap("hello world".getBytes(StandardCharsets.US_ASCII)));
        }
        // A restart: a new instance over the same directory; only 5 bytes were recorded as received.
        var reopened = new DiskFileStorage(dir);
        try (var out = reopened.appendAt(id, 5)) {
            out.write(ByteBuffer.wrap("!".getBytes(StandardCharsets.US_ASCII)));
        }
        assertThat(reopened.size(id)).isEqualTo(6);
        try (var in = reopened.openForRead(id)) {
            ByteBuffer buffer = ByteBuffer.allocate(6);
            in.read(buffer);
            assertThat(new String(buffer.array(), StandardCharsets.US_ASCII)).isEqualTo("hello!");
        }
        assertThatThrownBy(() -> reopened.appendAt(id, 7)).isInstanceOf(IOException.class);
        reopened.delete(id);
        assertThat(reopened.size(id)).isEqualTo(-1);
        reopened.delete(id);
    }

    @Test
    void idsRejectTraversalAndHeaderInjection() {
        assertThat(FileId.isValid(FileId.random().value())).isTrue();
        for (String bad : new String[] {"../../etc/passwd", "..%2F..%2Fetc%2Fpasswd0000", "abc",
                "aaaaaaaaaaaaaaaaaaaaa/", "aaaaaaaaaaaaaaaaaaaa\r\nX", null}) {
            assertThat(FileId.isValid(bad)).as(String.valueOf(bad)).isFalse();
            assertThatThrownBy(() -> new FileId(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
