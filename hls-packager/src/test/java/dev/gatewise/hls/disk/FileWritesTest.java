package dev.gatewise.hls.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File operations in order, off the caller's thread, and what waits for them. */
class FileWritesTest {

    @TempDir
    Path dir;

    /** An ordered executor the test runs by hand. */
    private final Queue<Runnable> queued = new ArrayDeque<>();

    private void runQueued() {
        for (Runnable task; (task = queued.poll()) != null; ) {
            task.run();
        }
    }

    @Test
    void whatWaitsForTheWritesRunsAfterThemAndAtOnceWhenNoneIsWaiting() throws IOException {
        FileWrites files = new FileWrites("test", queued::add, 64);
        List<String> seen = new ArrayList<>();
        files.whenWritten(() -> seen.add("nothing to wait for"));
        assertThat(seen).containsExactly("nothing to wait for");

        Path segment = dir.resolve("seg-1.m4s");
        files.write(segment, List.of(new byte[] {1, 2}, new byte[] {3}));
        files.whenWritten(() -> seen.add("listed, segment " + (Files.exists(segment) ? "on disk" : "missing")));
        assertThat(seen).hasSize(1);
        assertThat(segment).doesNotExist();

        runQueued();
        assertThat(seen).containsExactly("nothing to wait for", "listed, segment on disk");
        assertThat(Files.readAllBytes(segment)).containsExactly(1, 2, 3);
        // Drained: the next runs on the caller's thread again, and still after everything before it.
        files.whenWritten(() -> seen.add("inline"));
        assertThat(seen).last().isEqualTo("inline");
    }

    @Test
    void aFailureOrADiskThatFallsBehindStopsEveryLaterOperation() {
        FileWrites files = new FileWrites("test", queued::add, 2);
        files.write(dir.resolve("a"), new byte[] {1});
        files.write(dir.resolve("b"), new byte[] {1});
        // What waits for the writes takes no disk time: only file operations count towards the limit.
        files.whenWritten(() -> { });
        files.whenWritten(() -> { });
        assertThat(files.failed()).isFalse();
        files.write(dir.resolve("c"), new byte[] {1});
        assertThat(files.failed()).isTrue();
        runQueued();
        assertThat(dir.resolve("a")).doesNotExist();

        FileWrites broken = new FileWrites("test", Runnable::run, 64);
        broken.write(dir.resolve("no-such-directory/x"), new byte[] {1});
        assertThat(broken.failed()).isTrue();
        broken.write(dir.resolve("y"), new byte[] {1});
        assertThat(dir.resolve("y")).doesNotExist();
    }
}
