package dev.gatewise.hls.segment;

import dev.gatewise.hls.codec.AacConfig;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.VideoFrame;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Cuts one rendition into segments, written in each of its {@link SegmentFormat}s at the same points. With video, a
 * segment ends at the first keyframe whose presentation time is at least the target duration after the segment's
 * first, so every segment starts with an IDR; audio-only streams are cut by time. Presentation, not decode, time:
 * some publishers (GStreamer's flvmux) send every keyframe but the first with its DTS a few frames before its PTS,
 * and cutting by DTS would then miss each 2 s keyframe by 67 ms. A segment that reaches ten times the target without
 * a keyframe is cut anyway, which bounds the memory a broken publisher can make us hold. Video before the first
 * keyframe is skipped (nothing could decode it); audio that arrives just before the first keyframe but is not older
 * than it goes into the first segment, so the stream does not start with a silent gap.
 *
 * <p>Not thread-safe: one segmenter belongs to one rendition's worker, for one publish.
 */
public final class Segmenter {

    private static final int FORCED_CUT_FACTOR = 10;
    private static final int MAX_AUDIO_BEFORE_VIDEO = 64;

    private final long targetMillis;
    private final List<SegmentFormat> formats;
    private final Deque<AudioFrame> audioBeforeVideo = new ArrayDeque<>();
    private boolean hasVideo;
    private boolean hasAudio;
    private boolean open;
    private int frames;
    // The segment's first frame on the timing track: presentation time with video, decode time for audio only.
    private long start;
    private long lastDts = -1;
    private long lastDelta;
    private long end;

    /**
     * @param targetMillis the target segment duration
     * @param formats what each segment is written as, in this order, on the caller's thread
     */
    public Segmenter(long targetMillis, List<SegmentFormat> formats) {
        this.targetMillis = targetMillis;
        this.formats = List.copyOf(formats);
    }

    public void videoConfig(AvcConfig config) {
        hasVideo = true;
        formats.forEach(format -> format.videoConfig(config));
    }

    public void audioConfig(AacConfig config) {
        hasAudio = true;
        formats.forEach(format -> format.audioConfig(config));
    }

    public void video(VideoFrame frame) {
        if (!hasVideo) {
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
                cutAt(pts, dts);
            }
        }
        track(dts, pts);
        frames++;
        formats.forEach(format -> format.video(frame));
        if (first) {
            for (AudioFrame audio : audioBeforeVideo) {
                if (audio.dts() >= dts) {
                    formats.forEach(format -> format.audio(audio));
                }
            }
            audioBeforeVideo.clear();
        }
    }

    public void audio(AudioFrame frame) {
        if (!hasAudio) {
            return;
        }
        long dts = frame.dts();
        if (hasVideo) {
            if (!open) {
                audioBeforeVideo.addLast(frame);
                if (audioBeforeVideo.size() > MAX_AUDIO_BEFORE_VIDEO) {
                    audioBeforeVideo.removeFirst();
                }
                return;
            }
            // The video has stalled while audio goes on: cut anyway rather than grow.
            if (dts - start >= FORCED_CUT_FACTOR * targetMillis) {
                cutAt(dts, dts);
            }
        } else {
            if (!open) {
                openAt(dts);
            } else if (dts - start >= targetMillis) {
                cutAt(dts, dts);
            }
            track(dts, dts);
        }
        frames++;
        formats.forEach(format -> format.audio(frame));
    }

    /** Emits the partial last segment, lasting up to the end of its last frame, if it holds anything. */
    public void finish() {
        if (open && frames > 0) {
            long duration = Math.max(1, end + lastDelta - start);
            formats.forEach(format -> format.close(duration, -1));
        }
        open = false;
    }

    private void openAt(long time) {
        open = true;
        start = time;
        end = time;
        frames = 0;
        formats.forEach(format -> format.open(time));
    }

    private void cutAt(long time, long dts) {
        long duration = time - start;
        formats.forEach(format -> format.close(duration, dts));
        openAt(time);
    }

    private void track(long dts, long time) {
        if (lastDts >= 0 && dts > lastDts) {
            lastDelta = dts - lastDts;
        }
        lastDts = dts;
        end = Math.max(end, time);
    }
}
