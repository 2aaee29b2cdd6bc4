package dev.gatewise.bench;

import dev.gatewise.bench.files.FileTarget;
import dev.gatewise.bench.files.FileTransferScenario;
import dev.gatewise.bench.files.GatewayFiles;
import dev.gatewise.bench.files.NginxFiles;
import dev.gatewise.bench.live.GatewayLive;
import dev.gatewise.bench.live.LiveScenario;
import dev.gatewise.bench.live.LiveTarget;
import dev.gatewise.bench.live.NginxRtmp;
import dev.gatewise.bench.live.Player;
import dev.gatewise.bench.load.ClientConnector;
import dev.gatewise.bench.load.GroupScenario;
import dev.gatewise.bench.load.IdleScenario;
import dev.gatewise.bench.load.P2pScenario;
import dev.gatewise.bench.load.ReconnectScenario;
import dev.gatewise.bench.report.CpuCost;
import dev.gatewise.bench.report.LatencyPlot;
import dev.gatewise.bench.report.RunResult;
import dev.gatewise.bench.target.ClusterTarget;
import dev.gatewise.bench.target.GatewayTarget;
import dev.gatewise.bench.target.RelayTarget;
import dev.gatewise.bench.target.Target;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a scenario against the zero-logic relay and our gateway on each store, in one invocation, and
 * prints each figure with its ratio to the relay and the server's CPU per message (and that of the
 * processes it relies on, such as Redis: {@code Target.companionCpuSeconds}).
 *
 * <pre>
 * java -jar bench/target/bench.jar p2p   [--pairs 50] [--window 8] [--rate 0] [--transport tcp|ws]
 *                                        [--rate-of-max 0.8]: then again at 0.8 of the rate each target reached
 * java -jar bench/target/bench.jar cluster [--nodes 3] and p2p's options: every pair's two ends on
 *                                        different gateway nodes sharing one Redis
 * java -jar bench/target/bench.jar group [--sizes 10,100,1000] [--members 1000] [--window 8]
 * java -jar bench/target/bench.jar idle  [--connections 20000] [--users 100] [--transport ws|tcp]
 * java -jar bench/target/bench.jar storm [--clients 2000] [--users 100] [--backlog 20]
 * java -jar bench/target/bench.jar sweep [--rates 1000,2000,5000,10000,20000] [--pairs 50] [--plot FILE.png]
 * java -jar bench/target/bench.jar files [--small-mib 1] [--count 1000] [--concurrency 8] [--large-mib 1024]
 *                                        [--repeat 3]   (against nginx instead of the relay)
 * java -jar bench/target/bench.jar live  [--publishers 10] [--size 1280x720] [--gop 1] [--bitrate 2500k]
 *                                        [--thumbnails false] [--web web|none] [--targets nginx-rtmp,gatewise]
 *                                        [--part-viewers N] (streams with a blocking LL-HLS viewer; default all)
 *                                        (against nginx-rtmp; --warmup and --duration as below; hls.js in
 *                                        Debian's Chromium plays stream 0 through web/e2e/latency.mjs)
 * common: [--warmup 5] [--duration 20] [--stores embedded,redis] [--gateway-jar gateway/target/gateway.jar]
 *         [--sources 4]
 * </pre>
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !List.of("p2p", "cluster", "group", "idle", "sweep", "storm", "files", "live").contains(args[0])) {
            System.err.println("usage: bench p2p|cluster|group|idle|sweep|storm|files|live [--option value ...] (see BenchMain's comment)");
            System.exit(2);
        }
        String scenario = args[0];
        Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
        var warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "5")));
        var duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "20")));
        List<String> stores = List.of(options.getOrDefault("stores", "embedded,redis").split(","));
        Path jar = Path.of(options.getOrDefault("gateway-jar", "gateway/target/gateway.jar"));
        int sourceCount = Integer.parseInt(options.getOrDefault("sources", "4"));
        var sources = new ArrayList<String>();
        for (int i = 1; i <= sourceCount; i++) {
            sources.add("127.0.0." + i);
        }
        Path work = Files.createTempDirectory("gatewise-bench");
        System.out.printf("%s %s; warm-up %d s, measured %d s; %d source addresses; %d cores; work dir %s%n",
                scenario, options, warmup.toSeconds(), duration.toSeconds(), sourceCount,
                Runtime.getRuntime().availableProcessors(), work);

        var group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        // Servers under test are child processes: stop them even when the benchmark is interrupted.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
            deleteQuietly(work);
        }));
        var connector = new ClientConnector(group, sources);
        var targets = new ArrayList<String>(List.of("relay"));
        targets.addAll(stores);
        try {
            switch (scenario) {
                case "p2p" -> p2p(options, warmup, duration, connector, targets, jar, work);
                case "cluster" -> p2p(options, warmup, duration, connector, List.of("relay",
                        "cluster:" + options.getOrDefault("nodes", "3")), jar, work);
                case "group" -> group(options, warmup, duration, connector, targets, jar, work);
                case "sweep" -> sweep(options, warmup, duration, connector, targets, jar, work);
                case "storm" -> storm(options, connector, targets, jar, work);
                case "files" -> files(options, jar, work);
                case "live" -> live(options, warmup, duration, jar, work);
                default -> idle(options, connector, targets, jar, work);
            }
        } finally {
            group.shutdownGracefully();
        }
    }

    /** "relay", a store's name, or "cluster:N" (N gateway nodes on one Redis). */
    private static Target start(String name, Path jar, Path work) throws Exception {
        if (name.startsWith("cluster:")) {
            return new ClusterTarget(jar, Integer.parseInt(name.substring("cluster:".length())), work.resolve("cluster"));
        }
        return name.equals("relay") ? new RelayTarget(work.resolve(name)) : new GatewayTarget(jar, name,
                work.resolve(name));
    }

    /**
     * As fast as acks allow (or at {@code --rate}); with {@code --rate-of-max F}, each target then runs again at
     * F times the rate it just reached, for its latency at a steady load below its limit.
     */
    private static void p2p(Map<String, String> options, Duration warmup, Duration duration, ClientConnector connector,
                            List<String> targets, Path jar, Path work) throws Exception {
        int pairs = Integer.parseInt(options.getOrDefault("pairs", "50"));
        int window = Integer.parseInt(options.getOrDefault("window", "8"));
        double rate = Double.parseDouble(options.getOrDefault("rate", "0"));
        double rateOfMax = Double.parseDouble(options.getOrDefault("rate-of-max", "0"));
        boolean webSocket = options.getOrDefault("transport", "tcp").equals("ws");
        var scenario = new P2pScenario(pairs, window, warmup, duration, webSocket, connector);
        var results = new ArrayList<RunResult>();
        var offered = new ArrayList<Double>();
        var steady = new ArrayList<RunResult>();
        for (String name : targets) {
            try (Target target = start(name, jar, work)) {
                RunResult result = scenario.run(target, rate);
                results.add(result);
                System.out.println(result.line(results.get(0)));
                if (rateOfMax > 0) {
                    offered.add(rateOfMax * result.deliveredPerSecond());
                    steady.add(scenario.run(target, offered.get(offered.size() - 1)));
                    System.out.printf("  steady, %.2f of that, %.0f msg/s offered: %s%n", rateOfMax,
                            offered.get(offered.size() - 1), steady.get(steady.size() - 1).line(null));
                }
            }
        }
        table("delivered msg/s", "msg", results);
        if (rateOfMax > 0) {
            System.out.printf("%nAt a steady %.2f of each target's own maximum:%n", rateOfMax);
            rateTable(offered, steady);
        }
    }

    /** Uploads and downloads of small and large files, nginx first as the baseline. */
    private static void files(Map<String, String> options, Path jar, Path work) throws Exception {
        long smallBytes = Long.parseLong(options.getOrDefault("small-mib", "1")) << 20;
        long largeBytes = Long.parseLong(options.getOrDefault("large-mib", "1024")) << 20;
        int count = Integer.parseInt(options.getOrDefault("count", "1000"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "8"));
        int repeat = Integer.parseInt(options.getOrDefault("repeat", "3"));
        Path small = randomFile(work.resolve("small.bin"), smallBytes);
        Path large = randomFile(work.resolve("large.bin"), largeBytes);
        var scenario = new FileTransferScenario(small, large, count, concurrency, repeat, work);
        var phases = new ArrayList<FileTransferScenario.Phase>();
        try (FileTarget nginx = new NginxFiles(work.resolve("nginx"))) {
            phases.addAll(scenario.run(nginx));
        }
        try (FileTarget gateway = new GatewayFiles(jar, work.resolve("gatewise"))) {
            phases.addAll(scenario.run(gateway));
        }
        System.out.println();
        System.out.println("| transfer | nginx MiB/s | gatewise MiB/s | ratio | server CPU s/GiB nginx / gatewise |");
        System.out.println("|---|---|---|---|---|");
        var names = phases.stream().map(FileTransferScenario.Phase::name).distinct().toList();
        for (String name : names) {
            var base = median(phases, "nginx", name);
            var ours = median(phases, "gatewise", name);
            System.out.printf("| %s | %.0f | %.0f | %.2f | %.2f / %.2f |%n", name, base.mibPerSecond(),
                    ours.mibPerSecond(), ours.mibPerSecond() / base.mibPerSecond(), base.cpuPerGib(), ours.cpuPerGib());
        }
    }

    /** Concurrent RTMP publishers against nginx-rtmp, then against our relay and packager. */
    private static void live(Map<String, String> options, Duration warmup, Duration duration, Path jar, Path work)
            throws Exception {
        int publishers = Integer.parseInt(options.getOrDefault("publishers", "10"));
        String size = options.getOrDefault("size", "1280x720");
        int gop = Integer.parseInt(options.getOrDefault("gop", "1"));
        String bitrate = options.getOrDefault("bitrate", "2500k");
        boolean thumbnails = Boolean.parseBoolean(options.getOrDefault("thumbnails", "false"));
        String web = options.getOrDefault("web", "web");
        Path webDir = web.equals("none") ? null : Path.of(web).toAbsolutePath();
        Path source = work.resolve("source.flv");
        System.out.println("encoding a 30 s " + size + " H.264/AAC source (" + gop + " s GOP, " + bitrate + ")...");
        Process encode = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                "testsrc=size=" + size + ":rate=30", "-f", "lavfi", "-i", "sine=frequency=440", "-t", "30",
                "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "veryfast", "-b:v", bitrate, "-g",
                Integer.toString(30 * gop), "-c:a", "aac", "-b:a", "128k", "-f", "flv", source.toString())
                .inheritIO().start();
        if (encode.waitFor() != 0) {
            throw new IllegalStateException("could not encode the source");
        }
        int partViewers = Integer.parseInt(options.getOrDefault("part-viewers", Integer.toString(publishers)));
        var scenario = new LiveScenario(source, publishers, warmup, duration, webDir, partViewers);
        var results = new ArrayList<LiveScenario.Result>();
        // Both by default; one alone while profiling a change.
        List<String> targets = List.of(options.getOrDefault("targets", "nginx-rtmp,gatewise").split(","));
        if (targets.contains("nginx-rtmp")) {
            try (LiveTarget nginx = new NginxRtmp(work.resolve("nginx-rtmp"))) {
                results.add(scenario.run(nginx));
                System.out.println(results.get(results.size() - 1).line());
            }
        }
        List<String> args = thumbnails ? List.of() : List.of("--gateway.media.hls.thumbnail-interval=0s");
        if (targets.contains("gatewise")) {
            try (LiveTarget gateway = new GatewayLive(jar, work.resolve("gatewise"), args)) {
                results.add(scenario.run(gateway));
                System.out.println(results.get(results.size() - 1).line());
            }
        }
        System.out.println();
        System.out.println("| target | streams | CPU s per stream-minute | peak RSS | keyframe → segment listed "
                + "p50 / p99 / max | last frame → part listed p50 / p99 / max, > 300 ms | hls.js glass-to-glass "
                + "p50 / p90 | hls.js behind live edge p50 / p90 | stalls |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (LiveScenario.Result r : results) {
            var parts = r.partNanos();
            var player = r.player();
            System.out.printf("| %s | %d | %.2f | %d MiB | %.0f / %.0f / %.0f ms | %s | %s | %s | %s |%n", r.target(),
                    r.publishers(), r.cpuSecondsPerStreamMinute(), r.peakRssBytes() >> 20,
                    r.latencyNanos().getValueAtPercentile(50) / 1e6, r.latencyNanos().getValueAtPercentile(99) / 1e6,
                    r.latencyNanos().getMaxValue() / 1e6,
                    parts.getTotalCount() == 0 ? "no parts" : String.format("%.0f / %.0f / %.0f ms, %d of %d",
                            parts.getValueAtPercentile(50) / 1e6, parts.getValueAtPercentile(99) / 1e6,
                            parts.getMaxValue() / 1e6,
                            parts.getTotalCount() - parts.getCountBetweenValues(0, 300_000_000L),
                            parts.getTotalCount()),
                    player == null || player.glass().isEmpty() ? "n/a" : String.format("%d / %d ms",
                            Player.Result.percentile(player.glass(), 0.5), Player.Result.percentile(player.glass(), 0.9)),
                    player == null ? "n/a" : String.format("%d / %d ms", Player.Result.percentile(player.edge(), 0.5),
                            Player.Result.percentile(player.edge(), 0.9)),
                    player == null ? "n/a" : Integer.toString(player.stalls()));
        }
    }

    /** The run of a phase with the median throughput (phases repeated for large files). */
    private static FileTransferScenario.Phase median(List<FileTransferScenario.Phase> phases, String target,
                                                      String name) {
        var runs = phases.stream().filter(p -> p.target().equals(target) && p.name().equals(name))
                .sorted(java.util.Comparator.comparingDouble(FileTransferScenario.Phase::mibPerSecond)).toList();
        return runs.get(runs.size() / 2);
    }

    private static Path randomFile(Path path, long size) throws IOException {
        var random = new java.util.Random(size);
        byte[] block = new byte[1 << 20];
        try (var out = Files.newOutputStream(path)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
        return path;
    }

    private static void storm(Map<String, String> options, ClientConnector connector, List<String> targets, Path jar,
                              Path work) throws Exception {
        int clients = Integer.parseInt(options.getOrDefault("clients", "2000"));
        int users = Integer.parseInt(options.getOrDefault("users", "100"));
        int backlog = Integer.parseInt(options.getOrDefault("backlog", "20"));
        var scenario = new ReconnectScenario(connector);
        var results = new ArrayList<ReconnectScenario.Result>();
        for (String name : targets) {
            try (Target target = start(name, jar, work)) {
                List<Target.Account> accounts = target.accounts(users + 1);
                results.add(scenario.run(target, accounts.subList(1, accounts.size()), accounts.get(0), clients,
                        backlog));
                System.out.println(results.get(results.size() - 1).line());
            }
        }
        List<String> processes = CpuCost.processes(results.stream().map(ReconnectScenario.Result::cpu).toList());
        System.out.println();
        System.out.println("| target | clients | all caught up in | clients/s | per client p50 / p99 | server CPU | "
                + CpuCost.headers(processes, "client") + " |");
        System.out.println("|---|---|---|---|---|---|" + "---|".repeat(processes.size()));
        for (ReconnectScenario.Result result : results) {
            System.out.printf("| %s | %d | %.1f s | %.0f | %.0f / %.0f ms | %.1f s | %s |%n", result.target(),
                    result.clients(), result.seconds(), result.clients() / result.seconds(),
                    result.catchUp().getValueAtPercentile(50) / 1e6, result.catchUp().getValueAtPercentile(99) / 1e6,
                    result.serverCpuSeconds(), result.cpu().cells(processes));
        }
    }

    /** 1:1 traffic at rising rates; prints a table and plots latency against rate. */
    private static void sweep(Map<String, String> options, Duration warmup, Duration duration, ClientConnector connector,
                              List<String> targets, Path jar, Path work) throws Exception {
        int pairs = Integer.parseInt(options.getOrDefault("pairs", "50"));
        List<Double> rates = Arrays.stream(options.getOrDefault("rates", "1000,2000,5000,10000,20000").split(","))
                .map(Double::parseDouble).toList();
        Path plot = Path.of(options.getOrDefault("plot", "bench/results/latency-vs-rate.png"));
        var scenario = new P2pScenario(pairs, 8, warmup, duration, false, connector);
        var runs = new LinkedHashMap<String, List<RunResult>>();
        for (String name : targets) {
            try (Target target = start(name, jar, work)) {
                for (double rate : rates) {
                    RunResult result = scenario.run(target, rate);
                    runs.computeIfAbsent(result.target(), t -> new ArrayList<>()).add(result);
                    System.out.printf("%.0f msg/s offered: %s%n", rate, result.line(null));
                }
            }
        }
        var offered = new ArrayList<Double>();
        runs.values().forEach(results -> offered.addAll(rates.subList(0, results.size())));
        rateTable(offered, runs.values().stream().flatMap(List::stream).toList());
        System.out.println("\nplot: " + LatencyPlot.write(plot, "1:1 messages, " + pairs + " pairs over TCP", rates, runs));
    }

    private static void group(Map<String, String> options, Duration warmup, Duration duration,
                              ClientConnector connector, List<String> targets, Path jar, Path work) throws Exception {
        int members = Integer.parseInt(options.getOrDefault("members", "1000"));
        int window = Integer.parseInt(options.getOrDefault("window", "8"));
        var scenario = new GroupScenario(window, warmup, duration, connector);
        List<Integer> sizes = Arrays.stream(options.getOrDefault("sizes", "10,100,1000").split(","))
                .map(Integer::parseInt).toList();
        // One server per target for every group size: registering the members is the slow part.
        var results = new HashMap<Integer, List<RunResult>>();
        for (String name : targets) {
            try (Target target = start(name, jar, work)) {
                List<Target.Account> accounts = target.accounts(members);
                for (int size : sizes) {
                    var sized = results.computeIfAbsent(size, s -> new ArrayList<>());
                    sized.add(scenario.run(target, accounts, members / size, size));
                    System.out.println("groups of " + size + ": " + sized.get(sized.size() - 1).line(sized.get(0)));
                }
            }
        }
        for (int size : sizes) {
            System.out.println("\nGroups of " + size + " (" + members / size + " groups, one sender each):");
            table("deliveries/s", "delivery", results.get(size));
        }
    }

    private static void idle(Map<String, String> options, ClientConnector connector, List<String> targets, Path jar,
                             Path work) throws Exception {
        int connections = Integer.parseInt(options.getOrDefault("connections", "20000"));
        int users = Integer.parseInt(options.getOrDefault("users", "100"));
        boolean webSocket = options.getOrDefault("transport", "ws").equals("ws");
        var scenario = new IdleScenario(connector, webSocket);
        var results = new ArrayList<IdleScenario.Result>();
        for (String name : targets) {
            try (Target target = start(name, jar, work)) {
                results.add(scenario.run(target, connections, target.accounts(users)));
                System.out.println(results.get(results.size() - 1).line());
            }
        }
        System.out.println();
        System.out.println("| target | connections | heap per connection | RSS per connection | ratio (RSS) to relay |");
        System.out.println("|---|---|---|---|---|");
        for (IdleScenario.Result result : results) {
            System.out.printf("| %s | %d | %.1f KiB | %.1f KiB | %.2f |%n", result.target(), result.connections(),
                    result.heapPerConnection() / 1024.0, result.rssPerConnection() / 1024.0,
                    result.rssPerConnection() / (double) Math.max(1, results.get(0).rssPerConnection()));
        }
    }

    /** Runs at given offered rates ({@code offered.get(i)} for {@code results.get(i)}), one line each. */
    private static void rateTable(List<Double> offered, List<RunResult> results) {
        List<String> processes = CpuCost.processes(results.stream().map(RunResult::cpu).toList());
        System.out.println();
        System.out.println("| target | offered msg/s | delivered msg/s | " + CpuCost.headers(processes, "msg")
                + " | send→push p50 / p99 / p99.9 | server CPU |");
        System.out.println("|---|---|---|" + "---|".repeat(processes.size()) + "---|---|");
        for (int i = 0; i < results.size(); i++) {
            RunResult result = results.get(i);
            System.out.printf("| %s | %.0f | %.0f | %s | %.2f / %.2f / %.2f ms | %.0f%% of a core |%n", result.target(),
                    offered.get(i), result.deliveredPerSecond(), result.cpu().cells(processes),
                    result.deliveryLatency().getValueAtPercentile(50) / 1e6,
                    result.deliveryLatency().getValueAtPercentile(99) / 1e6,
                    result.deliveryLatency().getValueAtPercentile(99.9) / 1e6,
                    100 * result.serverCpuSeconds() / result.seconds());
        }
    }

    /**
     * @param unit    what the throughput column counts ("delivered msg/s")
     * @param perUnit what the CPU columns are per ("msg", "delivery")
     */
    private static void table(String unit, String perUnit, List<RunResult> results) {
        List<String> processes = CpuCost.processes(results.stream().map(RunResult::cpu).toList());
        System.out.println();
        System.out.println("| target | " + unit + " | ratio to relay | " + CpuCost.headers(processes, perUnit)
                + " | send→push p50 / p99 / p99.9 | server CPU |");
        System.out.println("|---|---|---|" + "---|".repeat(processes.size()) + "---|---|");
        for (RunResult result : results) {
            System.out.printf("| %s | %.0f | %.2f | %s | %.2f / %.2f / %.2f ms | %.0f%% of a core |%n", result.target(),
                    result.deliveredPerSecond(), result.deliveredPerSecond() / results.get(0).deliveredPerSecond(),
                    result.cpu().cells(processes),
                    result.deliveryLatency().getValueAtPercentile(50) / 1e6,
                    result.deliveryLatency().getValueAtPercentile(99) / 1e6,
                    result.deliveryLatency().getValueAtPercentile(99.9) / 1e6,
                    100 * result.serverCpuSeconds() / result.seconds());
        }
    }

    /** The servers' data (stores grow by gigabytes under load) goes with the run. */
    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }

    private static Map<String, String> options(String[] args) {
        var options = new HashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an --option, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
