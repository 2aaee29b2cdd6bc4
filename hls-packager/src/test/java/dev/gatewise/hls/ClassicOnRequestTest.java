package dev.gatewise.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatewise.hls.live.LiveRendition;
import dev.gatewise.hls.stream.HlsStreamSink;
import dev.gatewise.media.stream.LiveStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classic HLS made on request: a stream nobody asks MPEG-TS of gets only its fMP4 files; a request starts MPEG-TS at
 * the next segment, numbered as the fMP4 segments of the same cuts, and shows its playlist once it lists three;
 * once nobody has asked for the idle time, the next segment stops it and its playlist and segments are deleted.
 */
class ClassicOnRequestTest {

    private static final Clock EPOCH = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
    private static final int SECONDS = 20;

    @TempDir
    Path root;

    @Test
    void mpegTsIsMadeFromTheSegmentAfterARequestUntilRequestsStop() throws Exception {
        HlsSettings settings = TestSettings.under(root);
        settings.setClassic(HlsSettings.Classic.ON_REQUEST);
        settings.setClassicIdle(Duration.ofSeconds(2));
        FlvFile video = FlvFile.read(TestMedia.video(640, 360, SECONDS)); // 2 s keyframe interval
        int tagsPerSecond = video.tags() / SECONDS;
        Path dir = root.resolve("s");
        try (HlsPackager packager = new HlsPackager(settings, null, EPOCH)) {
            HlsStreamSink sink = packager.open(new LiveStream("s", "alice", Map.of(), Instant.now()));
            video.feed(sink, 0, 7 * tagsPerSecond);
            await().atMost(10, TimeUnit.SECONDS).until(() -> Files.exists(dir.resolve("index.m3u8")));
            LiveRendition live = packager.live().find("s").orElseThrow();
            assertThat(classicFiles(dir)).isEmpty();
            assertThat(live.classicShown()).isFalse();

            packager.live().classicAsked("s");
            // Segment 3 (6-8 s) is open when asked: MPEG-TS from segment 4, which starts at 8 s.
            video.feed(sink, 7 * tagsPerSecond, 15 * tagsPerSecond);
            await().atMost(10, TimeUnit.SECONDS).until(live::classicShown);
            Playlist classic = Playlist.read(dir.resolve("ts.m3u8"));
            assertThat(classic.mediaSequence()).isEqualTo(4);
            assertThat(classic.uris()).containsExactly("seg-4.ts", "seg-5.ts", "seg-6.ts");
            assertThat(Playlist.read(dir.resolve("index.m3u8")).uris()).contains("seg-4.m4s", "seg-5.m4s", "seg-6.m4s");
            assertThat(Probe.of(dir.resolve("seg-4.ts")).codecs()).containsExactlyInAnyOrder("h264", "aac");

            // Nobody asks for longer than the idle time: the next segment stops MPEG-TS, and its files go.
            Thread.sleep(settings.getClassicIdle().toMillis() + 200);
            video.feed(sink, 15 * tagsPerSecond, video.tags());
            await().atMost(10, TimeUnit.SECONDS).until(() -> !live.classicShown());
            sink.onEnd(true);
            sink.finished().get(30, TimeUnit.SECONDS);
            assertThat(classicFiles(dir)).isEmpty();
            assertThat(Playlist.read(dir.resolve("index.m3u8")).ended()).isTrue();
        }
    }

    private static List<String> classicFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                .filter(name -> name.endsWith(".ts") || name.equals("ts.m3u8")).toList();
        }
    }
}
