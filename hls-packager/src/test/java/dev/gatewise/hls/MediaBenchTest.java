package dev.gatewise.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import dev.gatewise.hls.codec.AacConfig;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.hls.codec.Sps;
import dev.gatewise.hls.disk.FileWrites;
import dev.gatewise.hls.live.LivePlaylists;
import dev.gatewise.hls.rendition.RungSpec;
import dev.gatewise.hls.rendition.TranscodedRendition;
import dev.gatewise.hls.segment.CmafSegments;
import dev.gatewise.hls.segment.ReceiptClock;
import dev.gatewise.hls.segment.Rendition;
import dev.gatewise.hls.segment.RenditionOutput;
import dev.gatewise.hls.segment.Segmenter;
import dev.gatewise.hls.segment.SourceRendition;
import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.StreamSink;
import dev.gatewise.media.stream.VideoFrame;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.Function;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPU cost of the packager's work on 60 s of a 720p30 3 Mbit/s stream with 128 kbit/s AAC, on the measuring thread,
 * from frames already in memory: remuxing into 2 s HLS segments on disk with our Java muxer against FFmpeg's own hls
 * muxer through JavaCV ({@code recordPacket}, no codec), and transcoding one 360p rung. Run it with
 * {@code ./mvnw -pl hls-packager test -Dgroups=bench -DexcludedGroups=none -Dtest=MediaBenchTest}.
 */
@Tag("bench")
class MediaBenchTest {

    private static final int ROUNDS = 25;
    // C2 compiles the muxer's loops after about ten rounds (ten minutes of stream time); a running server is there.
    private static final int WARM_UP = 10;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @TempDir
    static Path root;

    private static Path input;
    private static FlvFile flv;

    @BeforeAll
    static void makeInput() throws Exception {
        input = root.resolve("in.flv");
        Processes.run(List.of("ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "60", "-pix_fmt", "yuv420p",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-b:v", "3000k", "-maxrate", "3000k",
            "-bufsize", "3000k", "-x264-params", "nal-hrd=cbr", "-c:a", "aac", "-b:a", "128k", "-f", "flv",
            input.toString()));
        System.out.printf(Locale.ROOT, "input: %.1f MB%n", Files.size(input) / 1e6);
        flv = FlvFile.read(input);
    }

    @Test
    void javaMuxerAgainstFfmpegHlsMuxer() throws Exception {
        List<Long> java = new ArrayList<>();
        List<Long> ffmpeg = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Path directory = Files.createDirectories(root.resolve("java" + round));
            java.add(cpuMillis(new SourceRendition(RenditionOutput.PLAYLIST, 2000, output(directory), v -> { })));
            ffmpeg.add(remuxWithFfmpeg(Files.createDirectories(root.resolve("ffmpeg" + round))));
        }
        long javaMedian = median(java.subList(WARM_UP, ROUNDS));
        long ffmpegMedian = median(ffmpeg.subList(WARM_UP, ROUNDS));
        System.out.printf(Locale.ROOT, "remux CPU ms per 60 s of stream, rounds: java %s, ffmpeg %s%n", java, ffmpeg);
        System.out.printf(Locale.ROOT, "median of the first %d rounds: java %d ms, ffmpeg %d ms%n", WARM_UP,
            median(java.subList(0, WARM_UP)), median(ffmpeg.subList(0, WARM_UP)));
        System.out.printf(Locale.ROOT, "median after them: java %d ms, ffmpeg %d ms%n", javaMedian, ffmpegMedian);
        assertThat(javaMedian).isPositive();
        assertThat(ffmpegMedian).isPositive();
    }

    /**
     * Our fMP4 path (the segmenter with parts of at most 400 ms, fragments, init segment, segment files, the LL-HLS
     * playlist rendered after every part, parts held in memory) against FFmpeg's closest: its dash muxer writing CMAF
     * with 0.4 s fragments and an HLS playlist beside the manifest.
     */
    @Test
    void fmp4MuxerAgainstFfmpegCmaf() throws Exception {
        List<Long> java = new ArrayList<>();
        List<Long> ffmpeg = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            java.add(cmafCpuMillis(Files.createDirectories(root.resolve("cmaf" + round))));
            ffmpeg.add(remux(Files.createDirectories(root.resolve("dash" + round)), "dash", "index.mpd", Map.of(
                "seg_duration", "2", "frag_type", "duration", "frag_duration", "0.4", "streaming", "1",
                "hls_playlist", "1", "window_size", "6", "remove_at_exit", "0")));
        }
        System.out.printf(Locale.ROOT, "fMP4 remux CPU ms per 60 s of stream, rounds: java %s, ffmpeg %s%n", java,
            ffmpeg);
        System.out.printf(Locale.ROOT, "median of the first %d rounds: java %d ms, ffmpeg %d ms%n", WARM_UP,
            median(java.subList(0, WARM_UP)), median(ffmpeg.subList(0, WARM_UP)));
        System.out.printf(Locale.ROOT, "median after them: java %d ms, ffmpeg %d ms%n",
            median(java.subList(WARM_UP, ROUNDS)), median(ffmpeg.subList(WARM_UP, ROUNDS)));
        assertThat(median(java)).isPositive();
    }

    private static long cmafCpuMillis(Path directory) throws Exception {
        long start = THREADS.getCurrentThreadCpuTime();
        RenditionOutput output = output(directory).apply(first -> { });
        output.open();
        Segmenter segmenter = new Segmenter(2000, List.of(new CmafSegments(400, output)));
        flv.feed(new StreamSink() {
            @Override
            public void onVideoConfig(byte[] record) {
                segmenter.videoConfig(AvcConfig.parse(record));
            }

            @Override
            public void onAudioConfig(byte[] asc) {
                segmenter.audioConfig(AacConfig.parse(asc));
            }

            @Override
            public void onVideo(VideoFrame frame) {
                segmenter.video(frame);
            }

            @Override
            public void onAudio(AudioFrame frame) {
                segmenter.audio(frame);
            }

            @Override
            public void onEnd(boolean clean) {}
        });
        segmenter.finish();
        output.end();
        return (THREADS.getCurrentThreadCpuTime() - start) / 1_000_000;
    }

    @Test
    void oneRungFrom720pTo360p() throws Exception {
        List<Long> rounds = new ArrayList<>();
        HlsMetrics metrics = new HlsMetrics(null);
        for (int round = 0; round < 3; round++) {
            Path directory = Files.createDirectories(root.resolve("rung" + round));
            rounds.add(cpuMillis(new TranscodedRendition(RungSpec.parse("360p:640x360:800k"),
                new Sps.Size(640, 360), 2000, 30, metrics, output(directory), v -> { })));
        }
        System.out.printf(Locale.ROOT, "360p rung CPU ms per 60 s of stream, rounds: %s%n", rounds);
        assertThat(rounds).allSatisfy(cpu -> assertThat(cpu).isPositive());
    }

    // Both formats, as a node that makes classic HLS always does.
    private static Function<LongConsumer, RenditionOutput> output(Path directory) {
        return first -> new RenditionOutput(new RenditionOutput.Place(directory, "bench", null),
            FileWrites.onCaller("bench"), 6, 3, 2, 400,
            new RenditionOutput.ClassicPolicy(HlsSettings.Classic.ALWAYS, Duration.ofSeconds(30)), () -> 0, new ReceiptClock(), new LivePlaylists(), new HlsMetrics(null), HlsMetrics.Stage.SOURCE, first);
    }

    private static long cpuMillis(Rendition rendition) throws Exception {
        long start = THREADS.getCurrentThreadCpuTime();
        rendition.open();
        flv.feed(new RenditionFeeder(rendition));
        rendition.end();
        return (THREADS.getCurrentThreadCpuTime() - start) / 1_000_000;
    }

    private static long remuxWithFfmpeg(Path directory) throws Exception {
        return remux(directory, "hls", "ts.m3u8", Map.of("hls_time", "2", "hls_list_size", "6", "hls_flags",
            "delete_segments"));
    }

    private static long remux(Path directory, String format, String file, Map<String, String> options)
        throws Exception {
        // The hls muxer logs every file it opens at info level.
        av_log_set_level(AV_LOG_ERROR);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input.toFile())) {
            grabber.start();
            List<AVPacket> packets = new ArrayList<>();
            for (AVPacket packet = grabber.grabPacket(); packet != null; packet = grabber.grabPacket()) {
                packets.add(av_packet_clone(packet));
            }
            FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(directory.resolve(file).toString(),
                grabber.getImageWidth(), grabber.getImageHeight(), grabber.getAudioChannels());
            recorder.setFormat(format);
            options.forEach(recorder::setOption);
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
