package dev.gatewise.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import dev.gatewise.hls.codec.AacConfig;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.hls.segment.RenditionOutput;
import dev.gatewise.hls.segment.SourceRendition;
import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.StreamSink;
import dev.gatewise.media.stream.VideoFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPU time to remux 60 s of a 720p30 3 Mbit/s stream into 2 s HLS segments on disk: our Java muxer against FFmpeg's
 * own hls muxer through JavaCV ({@code recordPacket}, no codec). Both run on the measuring thread, from frames already
 * in memory, so only muxing and writing count. Run it with {@code ./mvnw -pl hls-packager test -Dgroups=bench
 * -DexcludedGroups=none -Dtest=RemuxBenchTest}.
 */
@Tag("bench")
class RemuxBenchTest {

    private static final int ROUNDS = 25;
    // C2 compiles the muxer's loops after about ten rounds (ten minutes of stream time); a running server is there.
    private static final int WARM_UP = 10;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @TempDir
    Path root;

    @Test
    void javaMuxerAgainstFfmpegHlsMuxer() throws Exception {
        Path input = root.resolve("in.flv");
        Processes.run(List.of("ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "60", "-pix_fmt", "yuv420p",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-b:v", "3000k", "-maxrate", "3000k",
            "-bufsize", "3000k", "-x264-params", "nal-hrd=cbr", "-c:a", "aac", "-b:a", "128k", "-f", "flv",
            input.toString()));
        System.out.printf(Locale.ROOT, "input: %.1f MB%n", Files.size(input) / 1e6);
        FlvFile flv = FlvFile.read(input);

        List<Long> java = new ArrayList<>();
        List<Long> ffmpeg = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            java.add(remuxInJava(flv, Files.createDirectories(root.resolve("java" + round))));
            ffmpeg.add(remuxWithFfmpeg(input, Files.createDirectories(root.resolve("ffmpeg" + round))));
        }
        long javaMedian = median(java.subList(WARM_UP, ROUNDS));
        long ffmpegMedian = median(ffmpeg.subList(WARM_UP, ROUNDS));
        System.out.printf(Locale.ROOT, "CPU ms per 60 s of stream, rounds: java %s, ffmpeg %s%n", java, ffmpeg);
        System.out.printf(Locale.ROOT, "median of the first %d rounds: java %d ms, ffmpeg %d ms%n", WARM_UP,
            median(java.subList(0, WARM_UP)), median(ffmpeg.subList(0, WARM_UP)));
        System.out.printf(Locale.ROOT, "median after them: java %d ms, ffmpeg %d ms%n", javaMedian, ffmpegMedian);
        assertThat(javaMedian).isPositive();
        assertThat(ffmpegMedian).isPositive();
    }

    private static long remuxInJava(FlvFile flv, Path directory) throws IOException {
        HlsMetrics metrics = new HlsMetrics(null);
        SourceRendition rendition = new SourceRendition(RenditionOutput.PLAYLIST, 2000,
            first -> new RenditionOutput(directory, 6, 3, 2, metrics, HlsMetrics.Stage.SOURCE, first), v -> { });
        long start = THREADS.getCurrentThreadCpuTime();
        rendition.open();
        flv.feed(new StreamSink() {
            @Override
            public void onVideoConfig(byte[] record) {
                rendition.videoConfig(AvcConfig.parse(record));
            }

            @Override
            public void onAudioConfig(byte[] asc) {
                rendition.audioConfig(AacConfig.parse(asc));
            }

            @Override
            public void onVideo(VideoFrame frame) {
                rendition.video(frame, 0);
            }

            @Override
            public void onAudio(AudioFrame frame) {
                rendition.audio(frame);
            }

            @Override
            public void onEnd(boolean clean) {
                try {
                    rendition.end();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        rendition.end();
        return (THREADS.getCurrentThreadCpuTime() - start) / 1_000_000;
    }

    private static long remuxWithFfmpeg(Path input, Path directory) throws Exception {
        // The hls muxer logs every file it opens at info level.
        av_log_set_level(AV_LOG_ERROR);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input.toFile())) {
            grabber.start();
            List<AVPacket> packets = new ArrayList<>();
            for (AVPacket packet = grabber.grabPacket(); packet != null; packet = grabber.grabPacket()) {
                packets.add(av_packet_clone(packet));
            }
            FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(directory.resolve("index.m3u8").toString(),
                grabber.getImageWidth(), grabber.getImageHeight(), grabber.getAudioChannels());
            recorder.setFormat("hls");
            recorder.setOption("hls_time", "2");
            recorder.setOption("hls_list_size", "6");
            recorder.setOption("hls_flags", "delete_segments");
            long start = THREADS.getCurrentThreadCpuTime();
            recorder.start(grabber.getFormatContext());
            for (AVPacket packet : packets) {
                recorder.recordPacket(packet);
            }
            recorder.stop();
            long cpu = (THREADS.getCurrentThreadCpuTime() - start) / 1_000_000;
            recorder.release();
            packets.forEach(packet -> av_packet_free(packet));
            return cpu;
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
