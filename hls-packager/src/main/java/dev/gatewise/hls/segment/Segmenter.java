package dev.gatewise.hls.segment;

import dev.gatewise.hls.codec.AacConfig;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.hls.ts.TsMuxer;
import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.VideoFrame;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Cuts one rendition into MPEG-TS segments. With video, a segment ends at the first keyframe once it has lasted the
 * target duration, so every segment starts with an IDR; audio-only streams are cut by time. A segment that reaches
 * ten times the target without a keyframe is cut anyway, which bounds the memory a broken publisher can make us hold.
 * Video before the first keyframe is skipped (nothing could decode it); audio that arrives just before the first
 * keyframe but is not older than it goes into the first segment, so the stream does not start with a silent gap.
 *
 * <p>Not thread-safe: one segmenter belongs to one rendition's worker, for one publish.
 */
public final class Segmenter {

    private static final int FORCED_CUT_FACTOR = 10;
    private static final int MAX_AUDIO_BEFORE_VIDEO = 64;

    private final long targetMillis;
    private final Consumer<Segment> output;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);
    private final TsMuxer muxer = new TsMuxer(buffer);
    private final Deque<AudioFrame> audioBeforeVideo = new ArrayDeque<>();
    private boolean open;
    private boolean tablesPending;
    private long start;
    private long lastDts = -1;
    private long lastDelta;

    /**
     * @param targetMillis the target segment duration
     * @param output receives each finished segment, on the caller's thread
     */
    public Segmenter(long targetMillis, Consumer<Segment> output) {
        this.targetMillis = targetMillis;
        this.output = output;
    }

    public void videoConfig(AvcConfig config) {
        muxer.setVideo(config);
        tablesPending = true;
    }

    public void audioConfig(AacConfig config) {
        muxer.setAudio(config);
        tablesPending = true;
    }

    public void video(VideoFrame frame) {
        if (!muxer.hasVideo()) {
            return;
        }
        long dts = frame.dts();
        boolean first = !open;
        if (first) {
            if (!frame.keyframe()) {
                return;
            }
            openAt(dts);
        } else {
            long elapsed = dts - start;
            if ((frame.keyframe() && elapsed >= targetMillis) || elapsed >= FORCED_CUT_FACTOR * targetMillis) {
                cutAt(dts);
            }
        }
        track(dts);
        writeTablesIfPending();
        muxer.writeVideo(dts, frame.pts(), frame.keyframe(), frame.avcc());
        if (first) {
            for (AudioFrame audio : audioBeforeVideo) {
                if (audio.dts() >= dts) {
                    muxer.writeAudio(audio.dts(), audio.aac());
                }
            }
            audioBeforeVideo.clear();
        }
    }

    public void audio(AudioFrame frame) {
        if (!muxer.hasAudio()) {
            return;
        }
        long dts = frame.dts();
        if (muxer.hasVideo()) {
            if (!open) {
                audioBeforeVideo.addLast(frame);
                if (audioBeforeVideo.size() > MAX_AUDIO_BEFORE_VIDEO) {
                    audioBeforeVideo.removeFirst();
                }
                return;
            }
            // The video has stalled while audio goes on: cut anyway rather than grow.
            if (dts - start >= FORCED_CUT_FACTOR * targetMillis) {
                cutAt(dts);
            }
        } else {
            if (!open) {
                openAt(dts);
            } else if (dts - start >= targetMillis) {
                cutAt(dts);
            }
            track(dts);
        }
        writeTablesIfPending();
        muxer.writeAudio(dts, frame.aac());
    }

    /** Emits the partial last segment, lasting up to the end of its last frame, if it holds anything. */
    public void finish() {
        if (open && buffer.size() > 0) {
            emit(Math.max(1, lastDts + lastDelta - start));
        }
        open = false;
    }

    private void openAt(long dts) {
        open = true;
        start = dts;
        tablesPending = true;
    }

    private void cutAt(long dts) {
        emit(dts - start);
        openAt(dts);
    }

    private void emit(long durationMillis) {
        Segment segment = new Segment(buffer.toByteArray(), start, durationMillis);
        buffer.reset();
        output.accept(segment);
    }

    private void track(long dts) {
        if (lastDts >= 0 && dts > lastDts) {
            lastDelta = dts - lastDts;
        }
        lastDts = dts;
    }

    private void writeTablesIfPending() {
        if (tablesPending) {
            muxer.writeTables();
            tablesPending = false;
        }
    }
}
