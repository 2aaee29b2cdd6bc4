package dev.gatewise.media.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.LiveStream;
import dev.gatewise.media.stream.StreamRefusedException;
import dev.gatewise.media.stream.StreamSink;
import dev.gatewise.media.stream.VideoFrame;
import dev.gatewise.media.testing.RecordingSink;
import dev.gatewise.media.testing.RecordingSinkFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LiveStreamRegistryTest {
    private final LiveStreamRegistry registry = new LiveStreamRegistry();
    private final RecordingSinkFactory recording = new RecordingSinkFactory();

    @Test
    void aThrowingSinkIsDetachedAndEndedWhileTheOthersGoOn() {
        List<Boolean> brokenEnds = new CopyOnWriteArrayList<>();
        registry.addSinkFactory(stream -> {
            throw new IllegalStateException("cannot open");
        });
        registry.addSinkFactory(stream -> new BrokenSink(brokenEnds));
        registry.addSinkFactory(recording);
        Publication publication = registry.start(stream("s1"), List.of(), 10);

        publication.videoConfig(new byte[] {1, 2});
        publication.video(new VideoFrame(0, 0, true, new byte[] {0, 0, 0, 1, 5}));
        publication.video(new VideoFrame(40, 0, false, new byte[] {0, 0, 0, 1, 1}));
        publication.audio(new AudioFrame(20, new byte[] {9}));
        publication.end(true);
        publication.end(false);

        assertThat(brokenEnds).containsExactly(false);
        RecordingSink sink = recording.latest("s1").orElseThrow();
        assertThat(sink.videoFrames()).hasSize(2);
        assertThat(sink.audioFrames()).hasSize(1);
        assertThat(sink.endCount()).isEqualTo(1);
        assertThat(sink.clean()).isTrue();
        assertThat(registry.isLive("s1")).isFalse();
    }

    @Test
    void everySinkIsGivenTheSameArraysWithoutACopy() {
        RecordingSinkFactory other = new RecordingSinkFactory();
        registry.addSinkFactory(recording);
        registry.addSinkFactory(other);
        Publication publication = registry.start(stream("s2"), List.of(), 10);
        byte[] config = {1, 100};
        publication.videoConfig(config);
        publication.video(new VideoFrame(0, 0, true, new byte[] {7}));
        byte[] first = recording.latest("s2").orElseThrow().<byte[]>values("videoConfig").get(0);
        byte[] second = other.latest("s2").orElseThrow().<byte[]>values("videoConfig").get(0);
        assertThat(first).isEqualTo(new byte[] {1, 100}).isSameAs(second).isSameAs(config);
        assertThat(recording.latest("s2").orElseThrow().videoFrames().get(0).avcc())
                .isSameAs(other.latest("s2").orElseThrow().videoFrames().get(0).avcc());
        publication.end(false);
    }

    @Test
    void oneStreamPerNameAndAtMostTheLimit() {
        Publication first = registry.start(stream("taken"), List.of(), 2);
        assertThatThrownBy(() -> registry.start(stream("taken"), List.of(), 2))
                .isInstanceOf(StreamNameTakenException.class).hasMessage("stream already publishing");
        registry.start(stream("other"), List.of(), 2);
        assertThatThrownBy(() -> registry.start(stream("third"), List.of(), 2))
                .isInstanceOf(StreamRefusedException.class).hasMessage("too many live streams");
        first.end(true);
        registry.start(stream("third"), List.of(), 2);
        assertThat(registry.list()).extracting(LiveStreamInfo::name).containsExactlyInAnyOrder("other", "third");
    }

    @Test
    void listenersHearStartsAndEndsAndListingsShowMetadata() {
        List<String> events = new CopyOnWriteArrayList<>();
        registry.addListener(new LiveStreamListener() {
            @Override
            public void streamStarted(LiveStream stream) {
                events.add("start " + stream.name());
            }

            @Override
            public void streamEnded(LiveStream stream, boolean clean) {
                events.add("end " + stream.name() + " " + clean);
            }
        });
        registry.addListener(new LiveStreamListener() {
            @Override
            public void streamStarted(LiveStream stream) {
                throw new IllegalStateException("listener bug");
            }
        });
        Publication publication = registry.start(stream("s3"), List.of(), 10);
        publication.metadata(Map.of("width", 1280.0, "height", 720.0));
        publication.audioConfig(new byte[] {0x12, 0x10});
        LiveStreamInfo info = registry.find("s3").orElseThrow();
        assertThat(info.width()).isEqualTo(1280);
        assertThat(info.height()).isEqualTo(720);
        assertThat(info.hasAudio()).isTrue();
        assertThat(info.hasVideo()).isFalse();
        assertThat(info.params()).isEqualTo(Map.of("group", "g"));
        publication.end(false);
        assertThat(events).containsExactly("start s3", "end s3 false");
    }

    private static LiveStream stream(String name) {
        return new LiveStream(name, "alice", Map.of("group", "g"), Instant.now());
    }

    /** Fails on its first video frame. */
    private static final class BrokenSink implements StreamSink {
        private final List<Boolean> ends;
        private int frames;

        BrokenSink(List<Boolean> ends) {
            this.ends = ends;
        }

        @Override
        public void onVideoConfig(byte[] record) {}

        @Override
        public void onAudioConfig(byte[] config) {}

        @Override
        public void onVideo(VideoFrame frame) {
            if (++frames == 1) {
                throw new IllegalStateException("disk full");
            }
        }

        @Override
        public void onAudio(AudioFrame frame) {}

        @Override
        public void onEnd(boolean clean) {
            ends.add(clean);
        }
    }
}
