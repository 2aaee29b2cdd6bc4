package dev.gatewise.files.meta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.files.storage.FileId;
import dev.gatewise.im.store.embedded.EmbeddedStores;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRecordsTest {
    @TempDir
    Path dir;

    @Test
    void recordsAndOffsetsSurviveARestartOfTheEmbeddedStore() {
        FileId id = FileId.random();
        var record = new FileRecord(id.value(), "alice", "photo é.jpg", "image/jpeg", 100, 0, null,
                1_000, 2_000, 0, null, "filename cGhvdG8=", null);
        try (var stores = new EmbeddedStores(dir, false)) {
            var records = new FileRecords(stores.keyValue("files"));
            records.create(record);
            records.update(record, record.withOffset(40));
        }
        try (var stores = new EmbeddedStores(dir, false)) {
            var records = new FileRecords(stores.keyValue("files"));
            FileRecord found = records.find(id).orElseThrow();
            assertThat(found.offset()).isEqualTo(40);
            assertThat(found.name()).isEqualTo("photo é.jpg");
            assertThat(found.complete()).isFalse();
            assertThat(records.bytesHeldBy("alice")).isEqualTo(100);
            assertThat(records.expiredBefore(2_001, 10)).containsExactly(id);
            FileRecord done = found.withOffset(100).completed("ab".repeat(32), 3_000, null);
            records.complete(found, done);
            assertThat(records.find(id).orElseThrow().complete()).isTrue();
            assertThat(records.expiredBefore(Long.MAX_VALUE / 2, 10)).isEmpty();
            records.share(id, "g:team");
            assertThat(records.sharedIn(id)).containsExactly("g:team");
            records.remove(done);
            assertThat(records.sharedIn(id)).isEmpty();
            assertThat(records.bytesHeldBy("alice")).isZero();
            assertThat(records.find(id)).isEmpty();
        }
    }
}
