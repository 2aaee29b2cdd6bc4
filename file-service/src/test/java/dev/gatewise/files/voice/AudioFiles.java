package dev.gatewise.files.voice;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AMR_NB;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Real clips for the tests, made by Debian's ffmpeg CLI (and AMR, which it cannot encode, by JavaCV's FFmpeg). */
public final class AudioFiles {
    private AudioFiles() {}

    /** A spoken-like tone of {@code seconds} (a sine with a rising and falling volume) as {@code args} encode it. */
    public static Path make(Path dir, String name, double seconds, String... args) throws IOException {
        Path out = dir.resolve(name);
        var command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=300:sample_rate=48000:duration=" + seconds, "-af", "volume='0.2+0.7*abs(sin(t*2))'"
                        + ":eval=frame"));
        command.addAll(List.of(args));
        command.add(out.toString());
        run(command);
        return out;
    }

    /** AMR-NB (8 kHz mono) from a WAV, through JavaCV's libopencore_amrnb. */
    public static Path amr(Path dir, String name, double seconds) throws IOException {
        Path wav = make(dir, name + ".wav", seconds, "-ar", "8000", "-ac", "1");
        Path out = dir.resolve(name);
        try (var grabber = new FFmpegFrameGrabber(wav.toFile());
             var recorder = new FFmpegFrameRecorder(out.toFile(), 1)) {
            grabber.start();
            recorder.setFormat("amr");
            recorder.setAudioCodec(AV_CODEC_ID_AMR_NB);
            recorder.setSampleRate(8000);
            recorder.setAudioBitrate(12_200);
            recorder.start();
            Frame frame;
            while ((frame = grabber.grabSamples()) != null) {
                recorder.record(frame);
            }
            recorder.stop();
        }
        return out;
    }

    /** What ffprobe says the file lasts, in ms. */
    public static long probeMillis(Path file) throws IOException {
        String out = run(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                file.toString()));
        return Math.round(Double.parseDouble(out.trim()) * 1000);
    }

    /**
     * What ffprobe's packets of the file add up to, in ms: for raw AMR, whose container has no duration (ffprobe's
     * format duration is only an estimate from the bit rate there).
     */
    public static long packetMillis(Path file) throws IOException {
        String out = run(List.of("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                "packet=duration_time", "-of", "csv=p=0", file.toString()));
        return Math.round(out.lines().filter(line -> !line.isBlank()).mapToDouble(Double::parseDouble).sum() * 1000);
    }

    /** ffprobe's codec name of the first audio stream. */
    public static String audioCodec(Path file) throws IOException {
        return run(List.of("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "stream=codec_name",
                "-of", "csv=p=0", file.toString())).trim();
    }

    /** Decodes the whole file with ffmpeg; its errors, empty when it decoded cleanly. */
    public static String decodeErrors(Path file) throws IOException {
        return run(List.of("ffmpeg", "-v", "error", "-xerror", "-i", file.toString(), "-f", "null", "-"));
    }

    static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(command + " failed: " + out);
            }
            return out;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public static byte[] read(Path file) throws IOException {
        return Files.readAllBytes(file);
    }
}
