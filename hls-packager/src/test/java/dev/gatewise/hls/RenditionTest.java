package dev.gatewise.hls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.hls.stream.HlsStreamSink;
import dev.gatewise.media.stream.LiveStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transcoded renditions: the master playlist, the rungs' segments, their alignment with the source, overload. */
class RenditionTest {

    @TempDir
    Path root;

    private HlsPackager packager;

    @AfterEach
    void close() {
        packager.close();
    }

    private HlsStreamSink publish(HlsSettings settings, String name) throws Exception {
        return publish(settings, name, TestMedia.video(640, 360, 9));
    }

    private HlsStreamSink publish(HlsSettings settings, String name, Path input) throws Exception {
        if (packager == null) {
            packager = new HlsPackager(settings, null, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        }
        HlsStreamSink sink = packager.open(new LiveStream(name, "alice", Map.of("group", "g1"), Instant.now()));
        sink.onMetadata(Map.of("framerate", 25.0, "videodatarate", 2500.0, "audiodatarate", 96.0));
        FlvFile.read(input).feed(sink);
        sink.onEnd(true);
        sink.finished().get(60, TimeUnit.SECONDS);
        return sink;
    }

    private HlsSettings settings(List<String> renditions, int queueFrames) {
        HlsSettings settings = new HlsSettings();
        settings.setRoot(root);
        settings.setClassic(HlsSettings.Classic.ALWAYS);
        settings.setRenditions(renditions);
        settings.setQueueFrames(queueFrames);
        settings.setThumbnailInterval(Duration.ZERO);
        return settings;
    }

    @Test
    void masterPlaylistListsTheSourceAndATranscodedRungAlignedOnTheSameCuts() throws Exception {
        // 360p is not smaller than the 640x360 source, so it is left out.
        publish(settings(List.of("180p:320x180:300k", "360p:640x360:800k"), 100_000), "ladder");

        String master = Files.readString(root.resolve("ladder/ts.m3u8"));
        assertThat(master).startsWith("#EXTM3U\n#EXT-X-VERSION:3\n");
        assertThat(master).containsPattern(
            "#EXT-X-STREAM-INF:BANDWIDTH=2596000,RESOLUTION=640x360,CODECS=\"avc1\\.64001e,mp4a\\.40\\.2\"\n"
                + "src/ts.m3u8\n");
        assertThat(master).containsPattern(
            "#EXT-X-STREAM-INF:BANDWIDTH=\\d+,RESOLUTION=320x180,CODECS=\"avc1\\.42[0-9a-f]{4},mp4a\\.40\\.2\"\n"
                + "180p/ts.m3u8\n");
        assertThat(master).doesNotContain("360p/");
        assertThat(root.resolve("ladder/360p")).doesNotExist();

        Playlist source = Playlist.read(root.resolve("ladder/src/ts.m3u8"));
        Playlist rung = Playlist.read(root.resolve("ladder/180p/ts.m3u8"));
        assertThat(rung.ended()).isTrue();
        assertThat(rung.durations()).isEqualTo(source.durations());
        assertThat(rung.uris()).isEqualTo(source.uris());
        for (String uri : rung.uris()) {
            Probe probe = Probe.of(root.resolve("ladder/180p").resolve(uri));
            assertThat(probe.codecs()).containsExactlyInAnyOrder("h264", "aac");
            assertThat(probe.video().width()).isEqualTo(320);
            assertThat(probe.video().height()).isEqualTo(180);
        }
        Probe sourceSegment = Probe.of(root.resolve("ladder/src/seg-1.ts"));
        assertThat(sourceSegment.video().width()).isEqualTo(640);
        assertThat(packager.metrics().count("gatewise.hls.frames.dropped", HlsMetrics.Stage.RENDITION)).isZero();
    }

    @Test
    void aPortraitSourceGetsUprightRungs() throws Exception {
        publish(settings(List.of("180p:320x180:300k"), 100_000), "phone", TestMedia.video(360, 640, 4));

        assertThat(Files.readString(root.resolve("phone/ts.m3u8")))
            .contains("RESOLUTION=360x640,").contains("RESOLUTION=180x320,");
        Probe probe = Probe.of(root.resolve("phone/180p/seg-0.ts"));
        assertThat(probe.video().width()).isEqualTo(180);
        assertThat(probe.video().height()).isEqualTo(320);
    }

    @Test
    void anAudioOnlyStreamHasOnlyTheSourceInItsMasterPlaylist() throws Exception {
        publish(settings(List.of("180p:320x180:300k"), 100_000), "radio", TestMedia.audioOnly(7));

        assertThat(Files.readString(root.resolve("radio/ts.m3u8"))).matches(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=\\d+,CODECS=\"mp4a\\.40\\.2\"\nsrc/ts.m3u8\n");
        assertThat(Probe.of(root.resolve("radio/src/seg-0.ts")).codecs()).containsExactly("aac");
        assertThat(root.resolve("radio/180p")).doesNotExist();
    }

    @Test
    void aRungNewToAStreamStartsAtTheSourcesNumberForThisPublish() throws Exception {
        HlsSettings settings = settings(List.of("180p:320x180:300k"), 100_000);
        publish(settings, "mixed", TestMedia.audioOnly(7));
        publish(settings, "mixed", TestMedia.video(640, 360, 9));

        Playlist source = Playlist.read(root.resolve("mixed/src/ts.m3u8"));
        Playlist rung = Playlist.read(root.resolve("mixed/180p/ts.m3u8"));
        assertThat(source.uris()).containsExactly("seg-3.ts", "seg-4.ts", "seg-5.ts", "seg-6.ts", "seg-7.ts",
            "seg-8.ts");
        assertThat(rung.uris()).containsExactly("seg-4.ts", "seg-5.ts", "seg-6.ts", "seg-7.ts", "seg-8.ts");
    }

    @Test
    void aRungThatFallsBehindDropsAndCountsFramesButStillEndsItsPlaylist() throws Exception {
        // Fed all at once, a rung with room for 8 frames cannot keep up.
        publish(settings(List.of("180p:320x180:300k"), 8), "busy");

        assertThat(packager.metrics().count("gatewise.hls.frames.dropped", HlsMetrics.Stage.RENDITION)).isPositive();
        Playlist rung = Playlist.read(root.resolve("busy/180p/ts.m3u8"));
        assertThat(rung.ended()).isTrue();
        for (String uri : rung.uris()) {
            assertThat(Probe.of(root.resolve("busy/180p").resolve(uri)).codecs()).contains("h264");
        }
    }
}
