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
 * Cuts one rendition into MPEG-TS segments. With video, a segment ends at the first keyframe whose presentation time
 * is at least the target duration after the segment's first, so every segment starts with an IDR; audio-only streams
 * are cut by time. Presentation, not decode, time: some publishers (GStreamer's flvmux) send every keyframe but the
 * first with its DTS a few frames before its PTS, and cutting by DTS would then miss each 2 s keyframe by 67 ms. A segment that reaches
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
    // The segment's first frame on the timing track: presentation time with video, decode time for audio only.
    private long start;
    private long lastDts = -1;
    private long lastDelta;
    private long end;

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
        long pts = frame.pts();
        boolean first = !open;
        if (first) {
            if (!frame.keyframe()) {
                return;
            }
            openAt(pts);
        } else {
            long elapsed = pts - start;
            if ((frame.keyframe() && elapsed >= targetMillis) || dts - start >= FORCED_CUT_FACTOR * targetMillis) {
                cutAt(pts);
            }
        }
        track(dts, pts);
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
            track(dts, dts);
        }
        writeTablesIfPending();
        muxer.writeAudio(dts, frame.aac());
    }

    /** Emits the partial last segment, lasting up to the end of its last frame, if it holds anything. */
    public void finish() {
        if (open && buffer.size() > 0) {
            emit(Math.max(1, end + lastDelta - start));
        }
        open = false;
    }

    private void openAt(long time) {
        open = true;
        start = time;
        end = time;
        tablesPending = true;
    }

    private void cutAt(long time) {
        emit(time - start);
        openAt(time);
    }

    private void emit(long durationMillis) {
        Segment segment = new Segment(buffer.toByteArray(), start, durationMillis);
        buffer.reset();
        output.accept(segment);
    }

    private void track(long dts, long time) {
        if (lastDts >= 0 && dts > lastDts) {
            lastDelta = dts - lastDts;
        }
        lastDts = dts;
        end = Math.max(end, time);
    }

    private void writeTablesIfPending() {
        if (tablesPending) {
            muxer.writeTables();
            tablesPending = false;
        }
    }
}
