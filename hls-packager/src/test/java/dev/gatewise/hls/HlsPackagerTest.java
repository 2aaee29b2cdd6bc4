package dev.gatewise.hls;

import static org.assertj.core.api.Assertions.assertThat;


import dev.gatewise.hls.live.LivePart;
import dev.gatewise.hls.live.LiveRendition;
import dev.gatewise.hls.playlist.LowLatencyPlaylist;
import dev.gatewise.hls.stream.HlsStreamSink;
import dev.gatewise.media.stream.LiveStream;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packager fed an FLV file the way the relay would feed it, checked with ffprobe and by reading its files. */
class HlsPackagerTest {

    private static final double GOP_SECONDS = 2;
    // New streams start their sequence at the clock's epoch second: 0 here, so segment names are easy to predict.
    private static final Clock EPOCH = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    private static final Pattern PART = Pattern.compile(
        "#EXT-X-PART:DURATION=([0-9.]+),URI=\"(part-(\\d+)-(\\d+)\\.m4s)\"(,INDEPENDENT=YES)?");

    private static FlvFile video;

    @TempDir
    Path root;

    private HlsPackager packager;

    @BeforeAll
    static void makeInput() {
        video = FlvFile.read(TestMedia.video(640, 360, 9));
    }

    @AfterEach
    void close() {
        if (packager != null) {
            packager.close();
        }
    }

    private HlsSettings settings() {
        return TestSettings.under(root);
    }

    private HlsStreamSink publish(HlsSettings settings, String name, FlvFile input, boolean clean) throws Exception {
        if (packager == null) {
            packager = new HlsPackager(settings, null, EPOCH);
        }
        HlsStreamSink sink = packager.open(new LiveStream(name, "alice", Map.of(), Instant.now()));
        input.feed(sink);
        sink.onEnd(clean);
        sink.finished().get(30, TimeUnit.SECONDS);
        return sink;
    }

    @Test
    void segmentsAreH264AndAacCutAtKeyframesNearTheTarget() throws Exception {
        publish(settings(), "live", video, true);

        Playlist playlist = Playlist.read(root.resolve("live/ts.m3u8"));
        assertThat(playlist.text()).startsWith("#EXTM3U\n#EXT-X-VERSION:3\n");
        assertThat(playlist.ended()).isTrue();
        assertThat(playlist.uris()).containsExactly("seg-0.ts", "seg-1.ts", "seg-2.ts", "seg-3.ts", "seg-4.ts");
        assertThat(playlist.mediaSequence()).isZero();
        double longest = playlist.durations().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertThat(playlist.targetDuration()).isEqualTo((int) Math.ceil(longest - 0.05));
        assertThat(playlist.durations().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(9.0,
            org.assertj.core.data.Offset.offset(0.1));
        assertThat(playlist.text()).containsPattern("#EXTINF:\\d+\\.\\d{3},");
        for (int i = 0; i < playlist.uris().size(); i++) {
            Probe probe = Probe.of(root.resolve("live").resolve(playlist.uris().get(i)));
            assertThat(probe.codecs()).containsExactlyInAnyOrder("h264", "aac");
            assertThat(probe.video().width()).isEqualTo(640);
            assertThat(probe.video().height()).isEqualTo(360);
            assertThat(playlist.durations().get(i)).isBetween(2.0 - GOP_SECONDS, 2.0 + GOP_SECONDS);
            assertThat(probe.duration()).isCloseTo(playlist.durations().get(i),
                org.assertj.core.data.Offset.offset(0.15));
        }
    }

    @Test
    void aLivePlaylistAppearsOnlyOnceItListsThreeSegments() throws Exception {
        packager = new HlsPackager(settings(), null, EPOCH);
        HlsStreamSink sink = packager.open(new LiveStream("three", "alice", Map.of(), Instant.now()));
        // The first 5 s of 9: two segments complete (cut at 2 s and 4 s).
        int half = video.tags() * 5 / 9;
        video.feed(sink, half);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
            .until(() -> Files.exists(root.resolve("three/seg-1.ts")));
        Thread.sleep(300);
        assertThat(root.resolve("three/ts.m3u8")).doesNotExist();

        video.feed(sink, half, video.tags());
        sink.onEnd(true);
        sink.finished().get(30, TimeUnit.SECONDS);
        assertThat(Playlist.read(root.resolve("three/ts.m3u8")).uris()).hasSize(5);
    }

    @Test
    void aNewStreamStartsItsSequenceAtTheEpochSecondSoThatNamesNeverRepeat() throws Exception {
        Clock now = Clock.fixed(Instant.ofEpochSecond(1_764_000_000L), ZoneOffset.UTC);
        packager = new HlsPackager(settings(), null, now);
        publish(settings(), "fresh", video, true);

        Playlist playlist = Playlist.read(root.resolve("fresh/ts.m3u8"));
        assertThat(playlist.mediaSequence()).isEqualTo(1_764_000_000L);
        assertThat(playlist.uris()).first().isEqualTo("seg-1764000000.ts");
        assertThat(packager.files().resolve("fresh/seg-1764000004.ts")).hasValueSatisfying(
            file -> assertThat(file.path()).exists());
    }

    @Test
    void slidingWindowKeepsTheSequenceAndDeletesOldSegmentsAfterTheGrace() throws Exception {
        HlsSettings settings = settings();
        settings.setPlaylistWindow(2);
        settings.setKeptSegments(1);
        List<String> snapshots = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        Path file = root.resolve("win/ts.m3u8");
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                try {
                    if (Files.exists(file)) {
                        snapshots.add(Files.readString(file));
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        watcher.start();
        publish(settings, "win", video, true);
        done.set(true);
        watcher.join();

        Playlist last = Playlist.read(file);
        assertThat(last.mediaSequence()).isEqualTo(3);
        assertThat(last.uris()).containsExactly("seg-3.ts", "seg-4.ts");
        assertThat(root.resolve("win/seg-2.ts")).exists();
        assertThat(root.resolve("win/seg-0.ts")).doesNotExist();
        assertThat(root.resolve("win/seg-1.ts")).doesNotExist();
        long previousSequence = -1;
        for (String text : snapshots) {
            Playlist seen = Playlist.parse(text);
            assertThat(seen.mediaSequence()).isGreaterThanOrEqualTo(previousSequence);
            previousSequence = seen.mediaSequence();
            for (int i = 0; i < seen.uris().size(); i++) {
                assertThat(seen.uris().get(i)).isEqualTo("seg-" + (seen.mediaSequence() + i) + ".ts");
            }
        }
    }

    @Test
    void republishContinuesTheSequenceAfterADiscontinuity() throws Exception {
        HlsSettings settings = settings();
        settings.setPlaylistWindow(6);
        publish(settings, "again", video, true);
        publish(settings, "again", video, true);

        Playlist second = Playlist.read(root.resolve("again/ts.m3u8"));
        assertThat(second.mediaSequence()).isEqualTo(4);
        assertThat(second.uris()).containsExactly("seg-4.ts", "seg-5.ts", "seg-6.ts", "seg-7.ts", "seg-8.ts",
            "seg-9.ts");
        assertThat(second.text()).contains("seg-4.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:");
        assertThat(second.discontinuitySequence()).isZero();
        assertThat(second.ended()).isTrue();

        // The third publish comes after a restart: the playlist on disk is all there is to continue from.
        packager.close();
        packager = null;
        publish(settings, "again", video, true);
        Playlist third = Playlist.read(root.resolve("again/ts.m3u8"));
        assertThat(third.mediaSequence()).isEqualTo(9);
        assertThat(third.text()).contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n");
        assertThat(third.text()).contains("seg-9.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:");
        assertThat(Probe.of(root.resolve("again/seg-14.ts")).codecs()).containsExactlyInAnyOrder("h264", "aac");
    }

    @Test
    void aRepublishWaitsForThePreviousPublishToFinishWriting() throws Exception {
        HlsSettings settings = settings();
        settings.setPlaylistWindow(20);
        packager = new HlsPackager(settings, null, EPOCH);
        HlsStreamSink first = packager.open(new LiveStream("quick", "alice", Map.of(), Instant.now()));
        video.feed(first);
        first.onEnd(false);
        HlsStreamSink second = packager.open(new LiveStream("quick", "alice", Map.of(), Instant.now()));
        video.feed(second);
        second.onEnd(true);
        second.finished().get(30, TimeUnit.SECONDS);

        Playlist playlist = Playlist.read(root.resolve("quick/ts.m3u8"));
        assertThat(first.finished()).isDone();
        assertThat(playlist.uris()).hasSize(10).last().isEqualTo("seg-9.ts");
        assertThat(playlist.text()).contains("seg-4.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:").endsWith("#EXT-X-ENDLIST\n");
    }

    @Test
    void aVanishedPublisherGetsAnEndedPlaylistWithItsPartialLastSegment() throws Exception {
        packager = new HlsPackager(settings(), null, EPOCH);
        HlsStreamSink sink = packager.open(new LiveStream("gone", "alice", Map.of(), Instant.now()));
        video.feed(sink, video.tags() * 6 / 10);
        sink.onEnd(false);
        sink.finished().get(30, TimeUnit.SECONDS);

        Playlist playlist = Playlist.read(root.resolve("gone/ts.m3u8"));
        assertThat(playlist.ended()).isTrue();
        assertThat(playlist.uris()).hasSize(3);
        double partial = playlist.durations().get(2);
        assertThat(partial).isGreaterThan(0).isLessThan(2.0);
        assertThat(Probe.of(root.resolve("gone/seg-2.ts")).duration()).isCloseTo(partial,
            org.assertj.core.data.Offset.offset(0.15));
    }

    @Test
    void audioOnlyStreamsAreCutByTime() throws Exception {
        publish(settings(), "radio", FlvFile.read(TestMedia.audioOnly(7)), true);

        Playlist playlist = Playlist.read(root.resolve("radio/ts.m3u8"));
        assertThat(playlist.uris()).hasSize(4);
        assertThat(playlist.durations().subList(0, 3)).allSatisfy(d -> assertThat(d).isBetween(2.0, 2.05));
        Probe probe = Probe.of(root.resolve("radio/seg-1.ts"));
        assertThat(probe.codecs()).containsExactly("aac");
        assertThat(probe.duration()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void noSegmentIsListedBeforeItIsCompletelyWritten() throws Exception {
        HlsSettings settings = settings();
        settings.setPlaylistWindow(3);
        settings.setKeptSegments(2);
        packager = new HlsPackager(settings, null, EPOCH);
        HlsStreamSink sink = packager.open(new LiveStream("watched", "alice", Map.of(), Instant.now()));
        Path directory = root.resolve("watched");
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger checked = new AtomicInteger();
        List<Throwable> failures = new ArrayList<>();
        Thread watcher = new Thread(() -> {
            String probed = "";
            while (!done.get()) {
                try {
                    Path file = directory.resolve("ts.m3u8");
                    if (!Files.exists(file)) {
                        continue;
                    }
                    Playlist playlist = Playlist.read(file);
                    for (String uri : playlist.uris()) {
                        long size = Files.size(directory.resolve(uri));
                        assertThat(size).isPositive();
                        assertThat(size % 188).isZero();
                        checked.incrementAndGet();
                    }
                    String newest = playlist.uris().get(playlist.uris().size() - 1);
                    if (!newest.equals(probed)) {
                        assertThat(Probe.of(directory.resolve(newest)).codecs()).contains("h264", "aac");
                        probed = newest;
                    }
                } catch (Throwable e) {
                    failures.add(e);
                    return;
                }
            }
        });
        watcher.start();
        video.feedSlowly(sink, 2);
        sink.onEnd(true);
        sink.finished().get(30, TimeUnit.SECONDS);
        done.set(true);
        watcher.join();

        assertThat(failures).isEmpty();
        assertThat(checked.get()).isPositive();
    }

    @Test
    void thumbnailIsAJpegOfTheConfiguredWidth() throws Exception {
        HlsSettings settings = settings();
        settings.setThumbnailInterval(Duration.ofSeconds(5));
        settings.setThumbnailWidth(160);
        publish(settings, "pic", video, true);

        Path thumb = root.resolve("pic/thumb.jpg");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(thumb));
        BufferedImage image = ImageIO.read(thumb.toFile());
        assertThat(image.getWidth()).isEqualTo(160);
        assertThat(image.getHeight()).isEqualTo(90);
        assertThat(packager.metrics().count("gatewise.hls.thumbnails", HlsMetrics.Stage.THUMBNAIL)).isPositive();
    }

    @Test
    void aThumbnailIsMadeFromTheFirstKeyframeThenOnlyWhenAskedForAtMostOncePerInterval() throws Exception {
        Instant[] now = {Instant.EPOCH};
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        HlsSettings settings = settings();
        settings.setThumbnailInterval(Duration.ofSeconds(5));
        packager = new HlsPackager(settings, null, clock);
        HlsStreamSink sink = packager.open(new LiveStream("pic", "alice", Map.of(), Instant.now()));
        // Up to 5 s of 9: keyframes at 0, 2 and 4 s.
        video.feed(sink, video.tags() * 5 / 9);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> thumbnails() == 1);
        assertThat(root.resolve("pic/thumb.jpg")).exists();

        // Asked for within the interval: the one there is.
        packager.thumbnails().fresh("pic").get(20, TimeUnit.SECONDS);
        assertThat(thumbnails()).isEqualTo(1);
        // Older than that: one from the latest keyframe, however many ask meanwhile.
        now[0] = now[0].plusSeconds(6);
        var first = packager.thumbnails().fresh("pic");
        assertThat(packager.thumbnails().fresh("pic")).isSameAs(first);
        first.get(20, TimeUnit.SECONDS);
        assertThat(thumbnails()).isEqualTo(2);

        video.feed(sink, video.tags() * 5 / 9, video.tags());
        sink.onEnd(true);
        sink.finished().get(30, TimeUnit.SECONDS);
        // An ended stream's is the file there is.
        assertThat(packager.thumbnails().fresh("pic")).isDone();
        assertThat(thumbnails()).isEqualTo(2);
    }

    private double thumbnails() {
        return packager.metrics().count("gatewise.hls.thumbnails", HlsMetrics.Stage.THUMBNAIL);
    }

    @Test
    void fmp4SegmentsAndPartsPlayInFfprobeAndTheLivePlaylistListsParts() throws Exception {
        packager = new HlsPackager(settings(), null, EPOCH);
        long before = System.currentTimeMillis();
        HlsStreamSink sink = packager.open(new LiveStream("ll", "alice", Map.of(), Instant.now()));
        // Up to 7 s of 9: three segments complete, the fourth being written.
        int most = video.tags() * 7 / 9;
        video.feed(sink, most);
        LiveRendition live = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(
            () -> packager.live().find("ll").orElse(null),
            r -> r != null && r.snapshot().publishable() && r.snapshot().position().openParts() >= 2);
        String text = live.snapshot().full();
        assertThat(text).startsWith("#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:2\n")
            .contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12.000,PART-HOLD-BACK=1.200",
                "#EXT-X-PART-INF:PART-TARGET=0.400", "#EXT-X-MAP:URI=\"init-0.mp4\"", "#EXT-X-PRELOAD-HINT:TYPE=PART");
        // Every part is at most the target, a segment's first is independent, and each part is in memory.
        Matcher part = PART.matcher(text);
        int parts = 0;
        while (part.find()) {
            parts++;
            assertThat(Double.parseDouble(part.group(1))).isBetween(0.1, 0.4);
            assertThat(part.group(5) != null).as(part.group()).isEqualTo(part.group(4).equals("0"));
            assertThat(live.hasPart(part.group(2))).as(part.group(2)).isTrue();
        }
        assertThat(parts).isGreaterThanOrEqualTo(2 * 5 + 2);
        // The program date-time is when the media reached us: during this test.
        Matcher date = Pattern.compile("#EXT-X-PROGRAM-DATE-TIME:(\\S+)").matcher(text);
        assertThat(date.find()).isTrue();
        assertThat(Instant.parse(date.group(1)).toEpochMilli()).isBetween(before, System.currentTimeMillis());

        // A written segment's parts are served from its file, back to back over all of it; the open one's from memory.
        long offset = 0;
        for (int i = 0; live.hasPart("part-1-" + i + ".m4s"); i++) {
            var range = (LivePart.InFile) live.part("part-1-" + i + ".m4s").get();
            assertThat(Files.isSameFile(range.segment(), root.resolve("ll/seg-1.m4s"))).isTrue();
            assertThat(range.offset()).isEqualTo(offset);
            offset += range.length();
        }
        assertThat(offset).isPositive().isEqualTo(Files.size(root.resolve("ll/seg-1.m4s")));
        long open = live.snapshot().position().openSequence();
        LivePart openPart = live.part(LowLatencyPlaylist.partName(open, 0)).orElseThrow();
        assertThat(openPart).isInstanceOf(LivePart.InMemory.class);
        ((LivePart.InMemory) openPart).bytes().release();

        video.feed(sink, most, video.tags());
        sink.onEnd(true);
        sink.finished().get(30, TimeUnit.SECONDS);
        assertThat(packager.live().find("ll")).isEmpty();

        Playlist playlist = Playlist.read(root.resolve("ll/index.m3u8"));
        assertThat(playlist.ended()).isTrue();
        assertThat(playlist.uris()).containsExactly("seg-0.m4s", "seg-1.m4s", "seg-2.m4s", "seg-3.m4s", "seg-4.m4s");
        assertThat(playlist.text()).doesNotContain("EXT-X-PART", "PRELOAD-HINT");
        // ffprobe plays the playlist (init segment, then fMP4 segments) and each segment behind the init segment.
        Probe whole = Probe.of(root.resolve("ll/index.m3u8"));
        assertThat(whole.codecs()).containsExactlyInAnyOrder("h264", "aac");
        assertThat(whole.duration()).isCloseTo(9.0, Offset.offset(0.3));
        byte[] init = Files.readAllBytes(root.resolve("ll/init-0.mp4"));
        double end = 0;
        for (int i = 0; i < playlist.uris().size(); i++) {
            end += playlist.durations().get(i);
            Path one = root.resolve("one-" + i + ".mp4");
            Files.write(one, concat(init, Files.readAllBytes(root.resolve("ll").resolve(playlist.uris().get(i)))));
            Probe probe = Probe.of(one);
            assertThat(probe.codecs()).containsExactlyInAnyOrder("h264", "aac");
            assertThat(probe.video().width()).isEqualTo(640);
            // A fragment keeps its decode times: ffprobe's duration is where the segment ends in the stream.
            assertThat(probe.duration()).as("segment %d", i).isCloseTo(end, Offset.offset(0.15));
        }
        // Both formats are cut at the same points.
        assertThat(Playlist.read(root.resolve("ll/ts.m3u8")).durations()).isEqualTo(playlist.durations());
        String frames = Processes.run(List.of("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
            "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", root.resolve("ll/index.m3u8").toString()));
        assertThat(frames.strip().split("\\s+")).contains("225");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
