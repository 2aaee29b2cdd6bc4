package dev.gatewise.hls.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.media.stream.VideoFrame;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where partial segments are cut, from synthetic frames. */
class CmafSegmentsTest {

    private record Part(long startMillis, long durationMillis, boolean independent) {}

    /** Records the parts of each segment with their start in stream time. */
    private static final class Parts implements PartSink {
        final List<Part> parts = new ArrayList<>();
        final List<Long> segmentStarts = new ArrayList<>();
        private long next;

        @Override
        public void init(byte[] initSegment) {}

        @Override
        public void segmentStart(long startMillis) {
            segmentStarts.add(startMillis);
            next = startMillis;
        }

        @Override
        public void part(ByteBuf fragment, long durationMillis, boolean independent) {
            fragment.release();
            parts.add(new Part(next, durationMillis, independent));
            next += durationMillis;
        }

        @Override
        public void segmentEnd(long durationMillis) {}
    }

    @Test
    void aKeyframeInsideASegmentStartsAnIndependentPart() {
        // 30 fps with a keyframe every second (bench live's and OBS's 1 s GOP), 2 s segments, 400 ms parts.
        Parts sink = new Parts();
        Segmenter segmenter = new Segmenter(2000, List.of(new CmafSegments(400, sink)));
        segmenter.videoConfig(AvcConfig.of(SegmenterTest.SPS, SegmenterTest.PPS));
        List<Long> keyframes = new ArrayList<>();
        for (int i = 0; i < 180; i++) {
            long time = Math.round(i * 1000 / 30.0);
            boolean keyframe = i % 30 == 0;
            if (keyframe) {
                keyframes.add(time);
            }
            segmenter.video(new VideoFrame(time, 0, keyframe, SegmenterTest.frame(keyframe)));
        }
        segmenter.finish();

        assertThat(sink.segmentStarts).containsExactly(0L, 2000L, 4000L);
        // Every keyframe, in a segment's middle too, begins a part, and exactly those parts are independent.
        assertThat(sink.parts).filteredOn(Part::independent).extracting(Part::startMillis)
            .containsExactlyElementsOf(keyframes);
        assertThat(sink.parts).extracting(Part::durationMillis).allMatch(duration -> duration <= 400);
        // 0-1 s: 367 + 400 + 233 ms, then the keyframe at 1 s starts the next part.
        assertThat(sink.parts.subList(0, 4)).extracting(Part::startMillis).containsExactly(0L, 367L, 767L, 1000L);
    }

    @Test
    void withoutKeyframesInsideSegmentsOnlyTheFirstPartIsIndependent() {
        Parts sink = new Parts();
        Segmenter segmenter = new Segmenter(2000, List.of(new CmafSegments(400, sink)));
        segmenter.videoConfig(AvcConfig.of(SegmenterTest.SPS, SegmenterTest.PPS));
        for (int i = 0; i < 120; i++) {
            boolean keyframe = i % 60 == 0;
            segmenter.video(new VideoFrame(Math.round(i * 1000 / 30.0), 0, keyframe, SegmenterTest.frame(keyframe)));
        }
        segmenter.finish();

        assertThat(sink.parts).filteredOn(Part::independent).extracting(Part::startMillis)
            .containsExactly(0L, 2000L);
        assertThat(sink.parts).hasSize(12);
    }
}
