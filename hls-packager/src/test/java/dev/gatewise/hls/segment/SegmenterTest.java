package dev.gatewise.hls.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.media.stream.VideoFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where segments are cut, from synthetic frames. */
class SegmenterTest {

    // Baseline 3.0, 320x240: a real SPS and PPS.
    static final byte[] SPS = {0x67, 0x42, (byte) 0xC0, 0x1E, (byte) 0xDA, 0x05, 0x07, (byte) 0xE8, 0x40};
    static final byte[] PPS = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};

    @Test
    void cutsOnTheKeyframeWhosePresentationTimeReachesTheTarget() {
        // GStreamer's flvmux ! rtmp2sink: 30 fps, a keyframe every 2 s, every DTS 67 ms before its PTS except the
        // first frames', which cannot go below zero.
        List<Segment> segments = new ArrayList<>();
        Segmenter segmenter = new Segmenter(2000, List.of(new TsSegments(() -> true, segments::add)));
        segmenter.videoConfig(AvcConfig.of(SPS, PPS));
        for (int i = 0; i < 300; i++) {
            long pts = Math.round(i * 1000 / 30.0);
            long dts = Math.max(0, pts - 67);
            segmenter.video(new VideoFrame(dts, (int) (pts - dts), i % 60 == 0, frame(i % 60 == 0)));
        }
        segmenter.finish();

        assertThat(segments).hasSize(5);
        // The last lasts to the end of its last frame (1/30 s rounded to milliseconds).
        assertThat(segments).extracting(Segment::durationMillis).containsExactly(2000L, 2000L, 2000L, 2000L, 2001L);
        assertThat(segments).extracting(Segment::startMillis).containsExactly(0L, 2000L, 4000L, 6000L, 8000L);
    }

    static byte[] frame(boolean keyframe) {
        return new byte[] {0, 0, 0, 2, (byte) (keyframe ? 0x65 : 0x41), 0};
    }
}
