package dev.gatewise.im.store;

import static dev.gatewise.im.store.EmbeddedStoresTest.direct;
import static dev.gatewise.im.store.EmbeddedStoresTest.seqs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.im.message.CursorKind;
import dev.gatewise.im.store.embedded.EmbeddedStores;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store's log on disk: torn tails, checksums, segments and retention. */
class EmbeddedLogTest {
    @TempDir
    Path dir;

    List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("store"))) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    void appendTen(EmbeddedStores stores, int from) {
        for (int i = from; i < from + 10; i++) {
            stores.messages().append(direct("alice", "bob", "c" + i)).join();
        }
    }

    @Test
    void aTornTailIsCutAndEverythingBeforeItKept() throws Exception {
        try (var stores = new EmbeddedStores(dir, false)) {
            appendTen(stores, 1);
        }
        Path last = segments().get(segments().size() - 1);
        long intact = Files.size(last);
        // A crash in the middle of a write: a header promising more bytes than follow.
        try (var channel = FileChannel.open(last, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.allocate(20).putInt(500).putInt(42).put(new byte[12]).flip());
        }
        try (var stores = new EmbeddedStores(dir, false)) {
            assertThat(Files.size(last)).isEqualTo(intact);
            assertThat(seqs(stores.messages().after("dm:alice:bob", 0, 100)))
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
            appendTen(stores, 11);
            assertThat(stores.messages().append(direct("alice", "bob", "c3")).join().duplicate()).isTrue();
        }
        try (var stores = new EmbeddedStores(dir, false)) {
            assertThat(stores.messages().lastSeq("dm:alice:bob")).isEqualTo(20);
        }
    }

    @Test
    void aLogWithNothingWrittenOpensAgain() {
        new EmbeddedStores(dir, false).close();
        try (var stores = new EmbeddedStores(dir, false)) {
            appendTen(stores, 1);
        }
        try (var stores = new EmbeddedStores(dir, false)) {
            assertThat(stores.messages().lastSeq("dm:alice:bob")).isEqualTo(10);
        }
    }

    @Test
    void aRecordFailingItsChecksumEndsTheLog() throws Exception {
        try (var stores = new EmbeddedStores(dir, true)) {
            appendTen(stores, 1);
        }
        Path last = segments().get(segments().size() - 1);
        long size = Files.size(last);
        try (var channel = FileChannel.open(last, StandardOpenOption.WRITE)) {
            // One flipped byte inside the last record's body.
            channel.write(ByteBuffer.wrap(new byte[] {0x7f}), size - 3);
        }
        try (var stores = new EmbeddedStores(dir, false)) {
            assertThat(stores.messages().lastSeq("dm:alice:bob")).isEqualTo(9);
            // Numbering goes on from what is there: no gap.
            assertThat(stores.messages().append(direct("alice", "bob", "again")).join().message().seq()).isEqualTo(10);
        }
    }

    @Test
    void retentionDeletesOldSegmentsAndKeepsWhatIsLive() throws Exception {
        byte[] record = {4, 2};
        try (var stores = new EmbeddedStores(dir, false, Duration.ofMillis(1), 4096)) {
            stores.keyValue("files").put("f1", record);
            stores.accounts().create(new dev.gatewise.im.store.Account("alice", "h", 1));
            stores.cursors().advance("bob", "dm:alice:bob", CursorKind.DELIVERED, 3);
            appendTen(stores, 1);
            stores.messages().append(direct("carol", "dave", "x1")).join();
            for (int i = 11; i <= 200; i += 10) {
                appendTen(stores, i);
            }
            int before = segments().size();
            assertThat(before).isGreaterThan(5);
            Thread.sleep(20);
            stores.applyRetention();
            assertThat(segments().size()).isLessThan(before);
            assertThat(stores.messages().after("dm:alice:bob", 0, 1).get(0).seq()).isGreaterThan(1);
        }
        try (var stores = new EmbeddedStores(dir, false)) {
            // The live values were written again before their segments went.
            assertThat(stores.keyValue("files").get("f1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(record));
            assertThat(stores.accounts().find("alice")).isPresent();
            assertThat(stores.cursors().get("bob", "dm:alice:bob", CursorKind.DELIVERED)).isEqualTo(3);
            // A conversation whose messages are all gone keeps its numbering and its place in the list.
            assertThat(stores.messages().after("dm:carol:dave", 0, 10)).isEmpty();
            assertThat(stores.messages().lastSeq("dm:carol:dave")).isEqualTo(1);
            assertThat(stores.messages().append(direct("carol", "dave", "x2")).join().message().seq()).isEqualTo(2);
            assertThat(stores.messages().directConversations("dave")).containsExactly("dm:carol:dave");
            assertThat(stores.messages().lastSeq("dm:alice:bob")).isEqualTo(200);
            assertThat(stores.messages().append(direct("alice", "bob", "c201")).join().message().seq()).isEqualTo(201);
        }
    }
}
