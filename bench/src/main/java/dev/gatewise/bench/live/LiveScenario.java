package dev.gatewise.bench.live;

import dev.gatewise.bench.report.ProcessStats;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * N publishers, each an ffmpeg sending the same pre-encoded file in real time ({@code -re -c copy}), against one
 * target. Measures the server's CPU per stream-minute and its peak memory over the measured window, and the
 * packaging latency: from the moment the publisher sent the keyframe that closes a segment (see
 * {@link KeyframeClock}) to the moment that segment appears in the playlist on disk (polled every 10 ms). Where the
 * target serves Low-Latency HLS, one viewer per stream (or on the first {@code partViewers}) reloads its playlist
 * with blocking requests and times each part from its last frame's sending to its listing ({@link PartWatch}); and
 * hls.js in headless Chromium plays the first stream over the measured window ({@link Player}).
 */
public final class LiveScenario {
    private static final int PUBLISHER_NICENESS = 10;
    private static final Pattern SEGMENT = Pattern.compile("#EXTINF:([0-9.]+),[^\\n]*\\n(?:#[^\\n]*\\n)*([^#\\n][^\\n]*)");

    private final Path source;
    private final int publishers;
    private final Duration warmup;
    private final Duration duration;
    private final Path webDir;
    private final int partViewers;

    /**
     * @param webDir the web client's directory (its e2e/latency.mjs plays the stream), or null for no player
     * @param partViewers how many streams (the first ones) get a blocking LL-HLS viewer where the target has parts
     */
    public LiveScenario(Path source, int publishers, Duration warmup, Duration duration, Path webDir,
            int partViewers) {
        this.source = source;
        this.publishers = publishers;
        this.partViewers = Math.min(partViewers, publishers);
        this.warmup = warmup;
        this.duration = duration;
        this.webDir = webDir;
    }

    public Result run(LiveTarget target) throws Exception {
        var processes = new ArrayList<Process>();
        var watches = new ArrayList<Watch>();
        var clocks = new ArrayList<KeyframeClock>();
        long seconds = warmup.plus(duration).toSeconds() + 4;
        for (int i = 0; i < publishers; i++) {
            String stream = "s" + i;
            var clock = new KeyframeClock();
            clocks.add(clock);
            // Publishers stand for encoders on other machines: at a lower priority, they take the CPU the server
            // and the measuring viewers leave, instead of queueing the server behind a hundred processes.
            processes.add(new ProcessBuilder("nice", "-n", Integer.toString(PUBLISHER_NICENESS), "ffmpeg",
                    "-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", source.toString(), "-map",
                    "0", "-c", "copy", "-t", Long.toString(seconds), "-f", "tee",
                    "[f=flv]" + target.publishUrl(stream) + "|[f=flv:onfail=ignore]" + clock.url())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            watches.add(new Watch(target.playlist(stream), clock));
        }
        var viewers = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        var http = new Bootstrap().group(viewers).channel(NioSocketChannel.class);
        var parts = new ArrayList<PartWatch>();
        if (target.lowLatency()) {
            for (int i = 0; i < partViewers; i++) {
                var watch = new PartWatch(http, target.playerUrl("s" + i), clocks.get(i));
                watch.start();
                parts.add(watch);
            }
        }
        Player player = webDir == null ? null
                // Until the measured window ends; the publishers go on 4 s longer, so the stream's end is no stall.
                : new Player(webDir, target.playerUrl("s0"), warmup.plus(duration).toSeconds(),
                        target.lowLatency());
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long measureTo = measureFrom + duration.toNanos();
        var latency = new Histogram(60_000_000_000L, 3);
        double cpuStart = -1;
        long peakRss = 0;
        long nextRss = measureFrom;
        while (System.nanoTime() < measureTo) {
            long now = System.nanoTime();
            if (cpuStart < 0 && now >= measureFrom) {
                cpuStart = ProcessStats.ofTree(target.pid()).cpuSeconds();
                parts.forEach(watch -> watch.measureFrom(System.nanoTime()));
            }
            for (Watch watch : watches) {
                for (long l : watch.poll(now)) {
                    if (now >= measureFrom && l >= 0) {
                        latency.recordValue(l);
                    }
                }
            }
            // Every 100 ms: reading a process tree walks all of /proc, which with a hundred publishers costs the
            // machine more than the server being measured when done every 10 ms.
            if (now >= nextRss) {
                peakRss = Math.max(peakRss, ProcessStats.ofTree(target.pid()).rssBytes());
                nextRss = now + 100_000_000L;
            }
            Thread.sleep(10);
        }
        double cpu = ProcessStats.ofTree(target.pid()).cpuSeconds() - cpuStart;
        var partDelays = new Histogram(60_000_000_000L, 3);
        parts.forEach(watch -> {
            watch.stop();
            partDelays.add(watch.delays());
        });
        viewers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        Player.Result played = player == null ? null : player.result();
        int failed = 0;
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            if (p.exitValue() != 0) {
                failed++;
            }
        }
        // ffmpeg's tee muxer may exit 0 when the server refused its RTMP output: a stream with no segment failed too.
        for (Watch watch : watches) {
            if (watch.segments() == 0) {
                failed++;
            }
        }
        for (KeyframeClock clock : clocks) {
            clock.close();
        }
        double streamMinutes = publishers * duration.toSeconds() / 60.0;
        return new Result(target.name(), publishers, cpu / streamMinutes, peakRss, latency, failed, partDelays, played);
    }

    /** One stream's playlist, read as it changes; knows each segment's end in media time. */
    private static final class Watch {
        private final Path playlist;
        private final KeyframeClock clock;
        private final Map<String, Double> endOf = new HashMap<>();
        private double mediaEnd;
        private Object lastVersion;

        Watch(Path playlist, KeyframeClock clock) {
            this.playlist = playlist;
            this.clock = clock;
        }

        /** How many segments the playlist has listed. */
        int segments() {
            return endOf.size();
        }

        /** Latencies (ns) of the segments that appeared since the last poll; -1 where no keyframe matched. */
        List<Long> poll(long now) throws IOException {
            String text;
            try {
                // Read only once it has been replaced (both servers rename a new playlist over the old one).
                BasicFileAttributes attributes = Files.readAttributes(playlist, BasicFileAttributes.class);
                Object version = List.of(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
                if (version.equals(lastVersion)) {
                    return List.of();
                }
                lastVersion = version;
                text = Files.readString(playlist);
            } catch (NoSuchFileException e) {
                return List.of();
            }
            var latencies = new ArrayList<Long>();
            Matcher m = SEGMENT.matcher(text);
            while (m.find()) {
                String uri = m.group(2).trim();
                if (!endOf.containsKey(uri)) {
                    mediaEnd += Double.parseDouble(m.group(1));
                    endOf.put(uri, mediaEnd);
                    long sent = clock.sentAt(Math.round(mediaEnd * 1000));
                    latencies.add(sent < 0 ? -1 : now - sent);
                }
            }
            return latencies;
        }
    }

    /** What one target did. */
    public record Result(String target, int publishers, double cpuSecondsPerStreamMinute, long peakRssBytes,
                         Histogram latencyNanos, int failedPublishers, Histogram partNanos, Player.Result player) {
        public String line() {
            String line = String.format("%-11s %d streams: %.2f CPU s per stream-minute, peak RSS %d MiB, segment "
                            + "listed %.0f / %.0f / %.0f ms (p50 / p99 / max) after its closing keyframe (%d segments), "
                            + "%d publishers failed", target, publishers, cpuSecondsPerStreamMinute, peakRssBytes >> 20,
                    latencyNanos.getValueAtPercentile(50) / 1e6, latencyNanos.getValueAtPercentile(99) / 1e6,
                    latencyNanos.getMaxValue() / 1e6, latencyNanos.getTotalCount(), failedPublishers);
            if (partNanos.getTotalCount() > 0) {
                line += String.format("; part listed after its last frame was sent %.0f / %.0f / %.0f ms (p50 / p99 / "
                        + "max, %d parts, %.2f %% over 300 ms)", partNanos.getValueAtPercentile(50) / 1e6,
                        partNanos.getValueAtPercentile(99) / 1e6, partNanos.getMaxValue() / 1e6,
                        partNanos.getTotalCount(), 100.0 * (partNanos.getTotalCount()
                                - partNanos.getCountBetweenValues(0, 300_000_000L)) / partNanos.getTotalCount());
            }
            if (player != null) {
                line += String.format("; hls.js %s: glass-to-glass %s, behind the live edge %d / %d ms (p50 / p90), "
                        + "%d stalls %s, errors %s", player.started() ? "played" : "DID NOT PLAY",
                        player.glass().isEmpty() ? "n/a (no program date-time)" : Player.Result.percentile(
                                player.glass(), 0.5) + " / " + Player.Result.percentile(player.glass(), 0.9)
                                + " ms (p50 / p90)",
                        Player.Result.percentile(player.edge(), 0.5), Player.Result.percentile(player.edge(), 0.9),
                        player.stalls(), player.stallsAt(), player.errors());
            }
            return line;
        }
    }
}
