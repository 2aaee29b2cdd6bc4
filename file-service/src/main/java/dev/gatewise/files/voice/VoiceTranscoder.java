package dev.gatewise.files.voice;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Decodes a clip with FFmpeg (JavaCV), streaming from its file a frame at a time: its duration is the count of
 * decoded samples, its waveform their peaks, and each frame is re-encoded as it comes into AAC in MP4, the copy
 * every player (Safari and iOS included) plays. Memory stays at a few frames whatever the clip's length; one
 * FFmpeg thread per clip. Blocking and CPU-bound: run on the voice pool.
 */
final class VoiceTranscoder {
    /** Rates the native AAC encoder takes; others are resampled to 48 kHz. */
    private static final Set<Integer> AAC_RATES = Set.of(8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100,
            48000);
    private static final int AAC_BITRATE = 64_000;

    /**
     * FFmpeg's own log down to errors, set when the first clip is transcoded: loading FFmpeg's natives at start-up
     * would cost every node their memory (about 4 MiB), clips or not.
     */
    private static final class QuietFfmpeg {
        static {
            av_log_set_level(AV_LOG_ERROR);
        }

        static void load() {}
    }

    record Result(long durationMs, List<Integer> peaks, String codec) {}

    interface Progress {
        /** Called now and then with the fraction of the source read so far. */
        void at(double fraction);
    }

    private final Duration maxDuration;
    private final int bars;

    VoiceTranscoder(Duration maxDuration, int bars) {
        this.maxDuration = maxDuration;
        this.bars = bars;
    }

    Result transcode(Path source, long sourceSize, Path playable, Progress progress) throws VoiceRefused {
        QuietFfmpeg.load();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile())) {
            // Mono floats: the peaks want one channel, and a voice needs no more.
            grabber.setSampleFormat(AV_SAMPLE_FMT_FLT);
            grabber.setAudioChannels(1);
            grabber.setAudioOption("threads", "1");
            grabber.setVideoOption("threads", "1");
            try {
                grabber.start();
            } catch (FrameGrabber.Exception e) {
                throw new VoiceRefused(VoiceRefused.NOT_AUDIO, "not an audio file FFmpeg can read");
            }
            if (!grabber.hasAudio() || grabber.getSampleRate() <= 0) {
                throw new VoiceRefused(VoiceRefused.NOT_AUDIO, "the file has no audio");
            }
            // Refused before decoding when the container already says so; the decoded length is checked anyway.
            if (grabber.getLengthInTime() > maxDuration.toNanos() / 1000 + 1_000_000) {
                throw tooLong();
            }
            return decode(grabber, sourceSize, playable, progress);
        } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
            throw new VoiceRefused(VoiceRefused.UNREADABLE, "the audio could not be decoded: " + e.getMessage());
        }
    }

    private Result decode(FFmpegFrameGrabber grabber, long sourceSize, Path playable, Progress progress)
            throws FrameGrabber.Exception, FrameRecorder.Exception, VoiceRefused {
        int rate = grabber.getSampleRate();
        long maxSamples = maxDuration.toMillis() * rate / 1000;
        var waveform = new Waveform(rate);
        float[] samples = new float[0];
        long decoded = 0;
        long reported = System.nanoTime();
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(playable.toFile(), 1)) {
            recorder.setFormat("mp4");
            recorder.setAudioCodec(AV_CODEC_ID_AAC);
            recorder.setSampleRate(AAC_RATES.contains(rate) ? rate : 48_000);
            recorder.setAudioBitrate(AAC_BITRATE);
            recorder.setAudioOption("threads", "1");
            // The index up front, so a player starts before the whole copy has arrived.
            recorder.setOption("movflags", "+faststart");
            recorder.start();
            Frame frame;
            while ((frame = grabber.grabSamples()) != null) {
                if (frame.samples == null) {
                    continue;
                }
                FloatBuffer buffer = (FloatBuffer) frame.samples[0];
                int count = buffer.remaining();
                if (samples.length < count) {
                    samples = new float[count];
                }
                buffer.duplicate().get(samples, 0, count);
                waveform.add(samples, count);
                decoded += count;
                if (decoded > maxSamples) {
                    throw tooLong();
                }
                recorder.record(frame);
                if (System.nanoTime() - reported > 500_000_000L) {
                    reported = System.nanoTime();
                    progress.at(readFraction(grabber, sourceSize));
                }
            }
            if (decoded == 0) {
                throw new VoiceRefused(VoiceRefused.UNREADABLE, "no audio could be decoded from the file");
            }
            recorder.stop();
        }
        return new Result(decoded * 1000 / rate, waveform.peaks(bars), grabber.getAudioCodecName());
    }

    private VoiceRefused tooLong() {
        return new VoiceRefused(VoiceRefused.TOO_LONG, "voice clips may last at most " + maxDuration.toSeconds()
                + " s");
    }

    private static double readFraction(FFmpegFrameGrabber grabber, long size) {
        AVIOContext io = grabber.getFormatContext().pb();
        return io == null || size <= 0 ? 0 : Math.min(0.99, (double) io.pos() / size);
    }
}
