package dev.gatewise.hls.segment;

import dev.gatewise.hls.codec.AacConfig;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.hls.fmp4.Fmp4Muxer;
import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.VideoFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Segments as fragmented MP4 (CMAF), cut further into partial segments for low-latency HLS: a part ends before the
 * frame that would take it past the part target, so no part is longer than the target (the next frame's distance is
 * taken as the largest frame interval of the part so far), and before every keyframe, so a part that starts with a
 * keyframe is independent (every segment starts with one; with a GOP shorter than the segment, later parts do too). A video frame is held until the next one arrives, which gives its duration, so a part is
 * handed on as soon as the first frame after it arrives. Audio goes into the part being filled as it arrives, each
 * AAC frame lasting its 1024 samples; its clock follows the publisher's timestamps again after a gap.
 *
 * <p>A sample's bytes are copied off the heap as its frame arrives, into the part's direct buffers (one per track, as
 * the {@code mdat} holds them), so a frame's array dies at once: held until its part is complete, up to a part's
 * length, frames outlived young collections and filled the old generation.
 *
 * <p>Not thread-safe: belongs to one rendition's worker.
 */
public final class CmafSegments implements SegmentFormat {

    private static final int AAC_FRAME_SAMPLES = 1024;
    // A part's AAC frames: about 17 of a few hundred bytes each.
    private static final int AUDIO_DATA_CAPACITY = 8 * 1024;

    private final long partTargetMillis;
    private final PartSink sink;
    private final Fmp4Muxer muxer = new Fmp4Muxer();
    private final List<Fmp4Muxer.Sample> videoSamples = new ArrayList<>();
    private final List<Fmp4Muxer.Sample> audioSamples = new ArrayList<>();
    // The open part's sample bytes; allocated with its first sample of the track, released once the part is made.
    private ByteBuf videoData;
    private ByteBuf audioData;
    private int videoDataHint = 16 * 1024;
    private AvcConfig video;
    private AacConfig audio;
    private boolean initPending;
    private VideoFrame held;
    private long partStart = -1;
    private boolean partIndependent;
    private long partVideoTime;
    private long partAudioTime;
    private long largestDelta;
    private long lastDelta;
    private long audioClock = -1;

    /** @param partTargetMillis the longest a part may last */
    public CmafSegments(long partTargetMillis, PartSink sink) {
        this.partTargetMillis = partTargetMillis;
        this.sink = sink;
    }

    @Override
    public void videoConfig(AvcConfig config) {
        if (video == null || !Arrays.equals(video.record(), config.record())) {
            initPending = true;
        }
        video = config;
    }

    @Override
    public void audioConfig(AacConfig config) {
        if (audio == null || !Arrays.equals(audio.asc(), config.asc())) {
            initPending = true;
        }
        audio = config;
    }

    @Override
    public void open(long startMillis) {
        if (initPending) {
            sink.init(muxer.init(video, audio));
            initPending = false;
        }
        sink.segmentStart(startMillis);
    }

    @Override
    public void video(VideoFrame frame) {
        if (held != null) {
            long delta = Math.max(0, frame.dts() - held.dts());
            if (delta > 0) {
                lastDelta = delta;
                largestDelta = Math.max(largestDelta, delta);
            }
            addHeld(delta);
            // A keyframe inside a segment starts a part of its own, which players can start or switch at.
            if (frame.keyframe() || frame.dts() - partStart + largestDelta > partTargetMillis) {
                flushPart(frame.dts() - partStart);
            }
        }
        if (partStart < 0) {
            startPart(frame.dts(), frame.keyframe());
        }
        held = frame;
        videoData = append(videoData, videoDataHint, frame.avcc());
    }

    @Override
    public void audio(AudioFrame frame) {
        long expected = frame.dts() * audio.sampleRate() / 1000;
        // Our own count of samples keeps the frames back to back; a jump in the publisher's clock resets it.
        if (audioClock < 0 || Math.abs(audioClock - expected) > 2L * AAC_FRAME_SAMPLES) {
            audioClock = expected;
        }
        if (video == null) {
            if (partStart >= 0 && frame.dts() - partStart + largestDelta > partTargetMillis) {
                flushPart(frame.dts() - partStart);
            }
            if (partStart < 0) {
                startPart(frame.dts(), true);
            }
            largestDelta = Math.max(largestDelta, AAC_FRAME_SAMPLES * 1000L / audio.sampleRate());
        } else if (partStart < 0) {
            // Audio ahead of the segment's first video frame: it belongs to the part that frame starts.
            return;
        }
        if (audioSamples.isEmpty()) {
            partAudioTime = audioClock;
        }
        audioSamples.add(new Fmp4Muxer.Sample(frame.aac().length, AAC_FRAME_SAMPLES, 0, true));
        audioData = append(audioData, AUDIO_DATA_CAPACITY, frame.aac());
        audioClock += AAC_FRAME_SAMPLES;
    }

    @Override
    public void close(long durationMillis, long nextDts) {
        long partDuration;
        if (held != null) {
            long delta = nextDts >= 0 ? Math.max(0, nextDts - held.dts()) : lastDelta;
            long end = held.dts() + delta;
            addHeld(delta);
            partDuration = end - partStart;
        } else if (partStart >= 0) {
            partDuration = nextDts >= 0 ? nextDts - partStart
                : audioSamples.size() * AAC_FRAME_SAMPLES * 1000L / audio.sampleRate();
        } else {
            partDuration = 0;
        }
        flushPart(partDuration);
        sink.segmentEnd(durationMillis);
    }

    private void startPart(long time, boolean independent) {
        partStart = time;
        partIndependent = independent;
        partVideoTime = time * 90;
        largestDelta = 0;
    }

    private void addHeld(long deltaMillis) {
        int offset = (int) (held.compositionOffset() * 90L);
        videoSamples.add(new Fmp4Muxer.Sample(held.avcc().length, (int) (deltaMillis * 90), offset, held.keyframe()));
        held = null;
    }

    private void flushPart(long durationMillis) {
        if (videoSamples.isEmpty() && audioSamples.isEmpty()) {
            partStart = -1;
            return;
        }
        ByteBuf fragment = muxer.fragment(run(videoSamples, partVideoTime, videoData),
            run(audioSamples, partAudioTime, audioData));
        if (videoData != null) {
            videoDataHint = videoData.readableBytes();
        }
        videoData = release(videoData);
        audioData = release(audioData);
        videoSamples.clear();
        audioSamples.clear();
        sink.part(fragment, Math.max(1, durationMillis), partIndependent);
        partStart = -1;
    }

    /** Appends a sample's bytes to the part's buffer of its track, allocated with the part's first. */
    private static ByteBuf append(ByteBuf data, int initialCapacity, byte[] sample) {
        ByteBuf to = data != null ? data
            : ByteBufAllocator.DEFAULT.directBuffer(Math.max(initialCapacity, sample.length));
        return to.writeBytes(sample);
    }

    /** Releases a part's buffer once the fragment holds its bytes; null for the next part. */
    private static ByteBuf release(ByteBuf data) {
        if (data != null) {
            data.release();
        }
        return null;
    }

    private static Fmp4Muxer.Run run(List<Fmp4Muxer.Sample> samples, long baseTime, ByteBuf data) {
        return data == null ? Fmp4Muxer.Run.none() : new Fmp4Muxer.Run(samples, baseTime, data);
    }
}
