package dev.gatewise.bench.live;

import dev.gatewise.bench.target.GatewayTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Our relay and packager in the packaged gateway (embedded store), publishing with a chat token. */
public final class GatewayLive implements LiveTarget {
    private final GatewayTarget gateway;
    private final String token;
    private final Path hls;

    /**
     * A media node's JVM (docs/operations.md, "A media node's JVM"): a small heap that gives memory back (media sits
     * in short-lived frames and one open segment per stream; about 20 MB stay live with ten streams), the serial
     * collector, which on two cores costs less than G1's concurrent threads, and C1 only: the relay's work is
     * I/O-bound, its event loops cost the same in C1's code as in C2's, and C2's compiling was a quarter of the
     * process's CPU a minute into a run.
     */
    public static final List<String> MEDIA_JVM = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:TieredStopAtLevel=1",
            "-XX:ReservedCodeCacheSize=32m", "-Xss512k");
    /** Two malloc arenas rather than eight per core: the JVM's own threads do not need more. */
    public static final Map<String, String> MEDIA_ENV = Map.of("MALLOC_ARENA_MAX", "2");

    /**
     * A media node's settings: one event loop per core, not Netty's two (a paced publisher is read once per tick per
     * event loop, so fewer loops mean fewer wake-ups).
     */
    public static List<String> mediaArgs() {
        return List.of("--gateway.netty.io-threads=" + Runtime.getRuntime().availableProcessors());
    }

    /** Every publisher of the benchmark connects from 127.0.0.1, which nginx-rtmp does not limit. */
    private static final String ONE_HOST = "--gateway.media.rtmp.max-connections-per-address=1000";

    /** @param extraArgs settings for this run, e.g. thumbnails off */
    public GatewayLive(Path jar, Path workDir, List<String> extraArgs) throws Exception {
        List<String> args = new ArrayList<>(mediaArgs());
        args.add(ONE_HOST);
        args.addAll(extraArgs);
        this.gateway = new GatewayTarget(jar, "embedded", workDir, args, MEDIA_JVM, MEDIA_ENV);
        this.token = gateway.accounts(1).get(0).token();
        this.hls = workDir.resolve("data").resolve("hls");
    }

    @Override
    public String name() {
        return "gatewise";
    }

    @Override
    public long pid() {
        return gateway.pid();
    }

    @Override
    public String publishUrl(String stream) {
        // Public: the bench's players are anonymous, as nginx-rtmp's are (a signed link would cost one HMAC).
        return "rtmp://127.0.0.1:" + gateway.rtmpPort() + "/live/" + stream + "?token=" + token + "&public=1";
    }

    /** The low-latency playlist's copy on disk, which lists whole segments (MPEG-TS is made only when asked for). */
    @Override
    public Path playlist(String stream) {
        return hls.resolve(stream).resolve("index.m3u8");
    }

    @Override
    public String playerUrl(String stream) {
        return "http://127.0.0.1:" + gateway.httpPort() + "/hls/" + stream + "/index.m3u8";
    }

    @Override
    public boolean lowLatency() {
        return true;
    }

    @Override
    public void close() {
        gateway.close();
    }
}
