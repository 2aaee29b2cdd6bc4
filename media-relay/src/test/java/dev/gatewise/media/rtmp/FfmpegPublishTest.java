package dev.gatewise.media.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatewise.media.live.LiveStreamInfo;
import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.VideoFrame;
import dev.gatewise.media.testing.Ffmpeg;
import dev.gatewise.media.testing.RecordingSink;
import dev.gatewise.media.testing.TestRelay;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real ffmpeg publishers and players against the relay. */
class FfmpegPublishTest {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(30);
    private static TestRelay relay;

    @BeforeAll
    static void start() {
        relay = new TestRelay();
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    @Test
    void publishedStreamReachesTheSinksInOrder() throws Exception {
        Ffmpeg publisher = Ffmpeg.publishTestCard(relay.url("cam1?token=good&group=g1"), 4, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.registry.isLive("cam1"));
        LiveStreamInfo info = relay.registry.find("cam1").orElseThrow();
        assertThat(info.publisher()).isEqualTo("alice");
        assertThat(info.params()).isEqualTo(Map.of("group", "g1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.registry.find("cam1")
                .map(i -> i.width() != null && i.hasVideo() && i.hasAudio()).orElse(false));
        info = relay.registry.find("cam1").orElseThrow();
        assertThat(info.width()).isEqualTo(640);
        assertThat(info.height()).isEqualTo(360);
        assertThat(relay.registry.list()).extracting(LiveStreamInfo::name).contains("cam1");

        assertThat(publisher.waitFor(RUN_LIMIT)).as(publisher.output()).isZero();
        RecordingSink sink = relay.sinks.latest("cam1").orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.endCount() == 1);
        assertThat(sink.clean()).isTrue();
        assertThat(relay.registry.isLive("cam1")).isFalse();
        assertThat(relay.started).contains("cam1");
        assertThat(relay.ended).contains("cam1:clean");
        assertThat(sink.stream().params()).doesNotContainKey("token");

        List<RecordingSink.Event> events = sink.events();
        assertThat(events.get(events.size() - 1).kind()).isEqualTo("end");
        List<Map<String, Object>> metadata = sink.values("metadata");
        assertThat(metadata).isNotEmpty();
        assertThat(metadata.get(0)).containsEntry("width", 640.0).containsEntry("height", 360.0);
        List<byte[]> videoConfigs = sink.values("videoConfig");
        assertThat(videoConfigs).hasSize(1);
        assertThat(videoConfigs.get(0)[0]).as("avcC version").isEqualTo((byte) 1);
        List<byte[]> audioConfigs = sink.values("audioConfig");
        assertThat(audioConfigs).hasSize(1);
        assertThat(audioConfigs.get(0)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(firstIndex(events, "videoConfig")).isLessThan(firstIndex(events, "video"));
        assertThat(firstIndex(events, "audioConfig")).isLessThan(firstIndex(events, "audio"));

        List<VideoFrame> video = sink.videoFrames();
        assertThat(video).hasSizeBetween(90, 110);
        assertThat(video.get(0).keyframe()).isTrue();
        assertThat(video).extracting(VideoFrame::dts).isSorted();
        List<Long> keyframes = video.stream().filter(VideoFrame::keyframe).map(VideoFrame::dts).toList();
        assertThat(keyframes).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < keyframes.size(); i++) {
            assertThat(keyframes.get(i) - keyframes.get(i - 1)).isBetween(1900L, 2100L);
        }
        assertThat(video.get(0).avcc()).hasSizeGreaterThan(4);
        List<AudioFrame> audio = sink.audioFrames();
        assertThat(audio).hasSizeGreaterThan(100);
        assertThat(audio).extracting(AudioFrame::dts).isSorted();
        assertThat(audio.get(audio.size() - 1).dts()).isBetween(3500L, 4500L);
        assertThat(relay.authorizer.queries()).contains(Map.of("token", "good", "group", "g1"));
    }

    @Test
    void playersSeeTheLiveStream() throws Exception {
        Ffmpeg publisher = Ffmpeg.publishTestCard(relay.url("cam2?token=good"), 12, true);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.sinks.latest("cam2")
                    .map(s -> !s.videoFrames().isEmpty()).orElse(false));
            Ffmpeg probe = Ffmpeg.probe("-v", "error", "-show_entries", "stream=codec_name,width,height",
                    "-of", "compact", relay.url("cam2"));
            assertThat(probe.waitFor(Duration.ofSeconds(20))).as(probe.output()).isZero();
            assertThat(probe.output()).contains("codec_name=h264|width=640|height=360").contains("codec_name=aac");

            Ffmpeg player = Ffmpeg.start("-loglevel", "info", "-i", relay.url("cam2"), "-t", "2", "-f", "null", "-");
            assertThat(player.waitFor(Duration.ofSeconds(20))).as(player.output()).isZero();
            assertThat(player.output()).contains("Video: h264").contains("640x360").contains("Audio: aac")
                    .containsPattern("frame=\\s*[1-9]")
                    // Decoding starts at a keyframe with its parameter sets: no complaints from the decoder.
                    .doesNotContain("non-existing PPS").doesNotContain("no frame!")
                    .doesNotContain("error while decoding");
        } finally {
            publisher.kill();
        }
    }

    @Test
    void playingAStreamThatIsNotLiveIsNotFound() throws Exception {
        Ffmpeg probe = Ffmpeg.probe("-v", "error", relay.url("nobody"));
        assertThat(probe.waitFor(Duration.ofSeconds(20))).isNotZero();
        assertThat(probe.output()).contains("stream nobody is not live");
    }

    @Test
    void audioOnlyStreamsWork() throws Exception {
        Ffmpeg publisher = Ffmpeg.start("-loglevel", "warning", "-re", "-f", "lavfi", "-i", "sine=frequency=440",
                "-t", "3", "-c:a", "aac", "-f", "flv", relay.url("voice?token=bob"));
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.registry.find("voice")
                .map(LiveStreamInfo::hasAudio).orElse(false));
        assertThat(relay.registry.find("voice").orElseThrow().hasVideo()).isFalse();
        Ffmpeg probe = Ffmpeg.probe("-v", "error", "-show_entries", "stream=codec_name", "-of", "compact",
                relay.url("voice"));
        assertThat(probe.waitFor(Duration.ofSeconds(20))).as(probe.output()).isZero();
        assertThat(probe.output()).contains("codec_name=aac").doesNotContain("h264");

        assertThat(publisher.waitFor(RUN_LIMIT)).as(publisher.output()).isZero();
        RecordingSink sink = relay.sinks.latest("voice").orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.endCount() == 1);
        assertThat(sink.clean()).isTrue();
        assertThat(sink.stream().publisher()).isEqualTo("bob");
        assertThat(sink.values("videoConfig")).isEmpty();
        assertThat(sink.videoFrames()).isEmpty();
        assertThat(sink.values("audioConfig")).hasSize(1);
        assertThat(sink.audioFrames()).hasSizeGreaterThan(100).extracting(AudioFrame::dts).isSorted();
    }

    @Test
    void secondPublisherIsRefusedAndTheFirstGoesOn() throws Exception {
        Ffmpeg first = Ffmpeg.publishTestCard(relay.url("cam5?token=good"), 6, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.registry.isLive("cam5"));
        Ffmpeg second = Ffmpeg.publishTestCard(relay.url("cam5?token=bob"), 5, true);
        assertThat(second.waitFor(RUN_LIMIT)).isNotZero();
        assertThat(second.output()).contains("stream already publishing");
        RecordingSink sink = relay.sinks.latest("cam5").orElseThrow();
        int framesAtRefusal = sink.videoFrames().size();
        assertThat(relay.registry.find("cam5").orElseThrow().publisher()).isEqualTo("alice");

        assertThat(first.waitFor(RUN_LIMIT)).as(first.output()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.endCount() == 1);
        assertThat(sink.clean()).isTrue();
        assertThat(sink.videoFrames().size()).isGreaterThan(framesAtRefusal + 10);
        assertThat(relay.sinks.openedFor("cam5")).isEqualTo(1);
        assertThat(relay.counter("gatewise.rtmp.publishes.refused", "reason", "name_taken")).isPositive();
    }

    @Test
    void publisherKilledMidStreamEndsTheStreamUnclean() throws Exception {
        Ffmpeg publisher = Ffmpeg.publishTestCard(relay.url("cam8?token=good"), 30, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.sinks.latest("cam8")
                .map(s -> s.videoFrames().size() > 10).orElse(false));
        publisher.kill();
        RecordingSink sink = relay.sinks.latest("cam8").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.endCount() == 1);
        assertThat(sink.clean()).isFalse();
        assertThat(relay.registry.isLive("cam8")).isFalse();
        assertThat(relay.registry.list()).extracting(LiveStreamInfo::name).doesNotContain("cam8");
        assertThat(relay.ended).contains("cam8:vanished");
    }

    @Test
    void publishingFasterThanRealTimeWorks() throws Exception {
        Ffmpeg publisher = Ffmpeg.publishTestCard(relay.url("fast?token=good"), 8, false);
        assertThat(publisher.waitFor(RUN_LIMIT)).as(publisher.output()).isZero();
        RecordingSink sink = relay.sinks.latest("fast").orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.endCount() == 1);
        assertThat(sink.clean()).isTrue();
        assertThat(sink.videoFrames()).hasSizeBetween(190, 210).extracting(VideoFrame::dts).isSorted();
        assertThat(sink.videoFrames().get(sink.videoFrames().size() - 1).dts()).isBetween(7800L, 8000L);
    }

    private static int firstIndex(List<RecordingSink.Event> events, String kind) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).kind().equals(kind)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }
}
