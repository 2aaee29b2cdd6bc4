package dev.gatewise.hls.segment;

import dev.gatewise.hls.codec.AacConfig;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.VideoFrame;

/**
 * One container format a {@link Segmenter} writes each segment in. The segmenter decides where segments start and
 * end; the format muxes what it is given between {@link #open} and {@link #close}, in order.
 */
public interface SegmentFormat {

    void videoConfig(AvcConfig config);

    void audioConfig(AacConfig config);

    /** A segment starts; its first frame follows. */
    void open(long startMillis);

    void video(VideoFrame frame);

    void audio(AudioFrame frame);

    /**
     * The segment is complete.
     *
     * @param durationMillis how long it plays
     * @param nextDts the decode time of the frame that starts the next segment, or -1 at the end of the stream
     */
    void close(long durationMillis, long nextDts);
}
