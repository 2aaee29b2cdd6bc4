package dev.gatewise.hls.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndedStreamSweeperTest {

    @TempDir
    Path root;

    private final Map<String, CompletableFuture<Void>> writing = new ConcurrentHashMap<>();

    private Path stream(String name) throws Exception {
        Path directory = Files.createDirectories(root.resolve(name).resolve("src"));
        Files.writeString(directory.resolve("index.m3u8"), "#EXTM3U\n");
        Files.write(directory.resolve("seg-0.ts"), new byte[188]);
        return root.resolve(name);
    }

    @Test
    void removesStreamsWrittenLongerAgoThanTheKeepTimeButNeverOneBeingWritten() throws Exception {
        Path ended = stream("ended");
        Path live = stream("live");
        Path notOurs = stream("not.ours");
        writing.put("live", new CompletableFuture<>());

        EndedStreamSweeper now = new EndedStreamSweeper(root, Duration.ofHours(1), writing, Clock.systemUTC());
        assertThat(now.sweep()).isZero();
        assertThat(ended).exists();

        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(2));
        assertThat(new EndedStreamSweeper(root, Duration.ofHours(1), writing, later).sweep()).isEqualTo(1);
        assertThat(ended).doesNotExist();
        assertThat(live.resolve("src/seg-0.ts")).exists();
        assertThat(notOurs).exists();
        assertThat(writing).containsOnlyKeys("live");
    }
}
