package dev.gatewise.bench;

import dev.gatewise.bench.load.P2pScenario;
import dev.gatewise.bench.report.RunResult;
import dev.gatewise.bench.target.GatewayTarget;
import dev.gatewise.bench.target.RelayTarget;
import dev.gatewise.bench.target.Target;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a scenario against the zero-logic relay and our gateway on each store, in one invocation, and
 * prints each figure with its ratio to the relay. Usage:
 *
 * <pre>java -jar bench/target/bench.jar p2p [--pairs 50] [--window 8] [--rate 0] [--warmup 5] [--duration 20]
 *     [--stores embedded,redis] [--gateway-jar gateway/target/gateway.jar] [--sources 4]</pre>
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("p2p")) {
            System.err.println("usage: bench p2p [--pairs N] [--window W] [--rate MSGS_PER_S] [--warmup S] "
                    + "[--duration S] [--stores embedded,redis] [--gateway-jar PATH] [--sources K]");
            System.exit(2);
        }
        Map<String, String> options = options(Arrays.copyOfRange(args, 1, args.length));
        int pairs = Integer.parseInt(options.getOrDefault("pairs", "50"));
        int window = Integer.parseInt(options.getOrDefault("window", "8"));
        double rate = Double.parseDouble(options.getOrDefault("rate", "0"));
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
        System.out.printf("p2p: %d pairs, %s, warm-up %d s, measured %d s, %d source addresses; %d cores; work dir %s%n",
                pairs, rate == 0 ? "window " + window + " per sender (as fast as acks allow)" : rate + " msg/s total",
                warmup.toSeconds(), duration.toSeconds(), sourceCount, Runtime.getRuntime().availableProcessors(), work);

        var group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        // Servers under test are child processes: stop them even when the benchmark is interrupted.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                .forEach(ProcessHandle::destroy)));
        var scenario = new P2pScenario(pairs, window, rate, warmup, duration, sources, group);
        var results = new ArrayList<RunResult>();
        try {
            try (Target relay = new RelayTarget(work.resolve("relay"))) {
                results.add(scenario.run(relay));
                System.out.println(results.get(0).line(null));
            }
            for (String store : stores) {
                try (Target gateway = new GatewayTarget(jar, store, work.resolve(store))) {
                    RunResult result = scenario.run(gateway);
                    results.add(result);
                    System.out.println(result.line(results.get(0)));
                }
            }
        } finally {
            group.shutdownGracefully();
        }
        System.out.println();
        System.out.println("| target | delivered msg/s | ratio to relay | send→push p50 / p99 / p99.9 | server CPU |");
        System.out.println("|---|---|---|---|---|");
        for (RunResult result : results) {
            System.out.printf("| %s | %.0f | %.2f | %.2f / %.2f / %.2f ms | %.0f%% of a core |%n", result.target(),
                    result.deliveredPerSecond(), result.deliveredPerSecond() / results.get(0).deliveredPerSecond(),
                    result.deliveryLatency().getValueAtPercentile(50) / 1e6,
                    result.deliveryLatency().getValueAtPercentile(99) / 1e6,
                    result.deliveryLatency().getValueAtPercentile(99.9) / 1e6,
                    100 * result.serverCpuSeconds() / result.seconds());
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
