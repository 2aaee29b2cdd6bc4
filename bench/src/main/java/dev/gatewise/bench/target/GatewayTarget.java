package dev.gatewise.bench.target;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewise.bench.report.ProcessStats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The packaged gateway in its own JVM on the embedded store, or on a Redis server this target also
 * starts. Per-connection rate limits are lifted: the load generator is the only client.
 */
public final class GatewayTarget implements Target {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String store;
    private final int httpPort;
    private final int tcpPort;
    private final int rtmpPort;
    private final Process gateway;
    private final RedisProcess redis;
    private final boolean ownsRedis;
    private final HttpClient http = HttpClient.newHttpClient();

    public GatewayTarget(Path gatewayJar, String store, Path workDir) throws Exception {
        this(gatewayJar, store, workDir, List.of());
    }

    /** @param extraArgs more {@code --gateway.*} settings for this run */
    public GatewayTarget(Path gatewayJar, String store, Path workDir, List<String> extraArgs) throws Exception {
        this(gatewayJar, store, workDir, extraArgs, List.of("-Xms1g", "-Xmx1g"));
    }

    /** @param jvmArgs the heap and collector (a chat node's 1 GiB by default) */
    public GatewayTarget(Path gatewayJar, String store, Path workDir, List<String> extraArgs, List<String> jvmArgs)
            throws Exception {
        this(gatewayJar, store, workDir, extraArgs, jvmArgs, Map.of());
    }

    /** @param env environment variables for the gateway's process (e.g. the C library's malloc settings) */
    public GatewayTarget(Path gatewayJar, String store, Path workDir, List<String> extraArgs, List<String> jvmArgs,
                         Map<String, String> env) throws Exception {
        this(gatewayJar, store, workDir, extraArgs,
                store.equals("redis") ? new RedisProcess(workDir.resolve("redis")) : null, true, jvmArgs, env);
    }

    /** A node of a cluster, on a Redis server the caller started and stops. */
    public static GatewayTarget onSharedRedis(Path gatewayJar, Path workDir, RedisProcess redis, List<String> extraArgs)
            throws Exception {
        return new GatewayTarget(gatewayJar, "redis", workDir, extraArgs, redis, false, List.of("-Xms1g", "-Xmx1g"),
                Map.of());
    }

    private GatewayTarget(Path gatewayJar, String store, Path workDir, List<String> extraArgs, RedisProcess redis,
                          boolean ownsRedis, List<String> jvmArgs, Map<String, String> env) throws Exception {
        this.store = store;
        this.redis = redis;
        this.ownsRedis = ownsRedis;
        Files.createDirectories(workDir);
        httpPort = Processes.freePort();
        tcpPort = Processes.freePort();
        rtmpPort = Processes.freePort();
        var command = new ArrayList<>(List.of(Processes.java()));
        command.addAll(jvmArgs);
        // Extra JVM options for the gateway, e.g. -XX:StartFlightRecording=... to profile a run.
        String extra = System.getenv("BENCH_GATEWAY_JVM_ARGS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", gatewayJar.toString(),
                "--gateway.data-dir=" + workDir.resolve("data"),
                "--gateway.http.host=127.0.0.1", "--gateway.http.port=" + httpPort,
                "--gateway.chat.host=127.0.0.1", "--gateway.chat.tcp-port=" + tcpPort,
                "--gateway.media.rtmp.host=127.0.0.1", "--gateway.media.rtmp.port=" + rtmpPort,
                "--gateway.teamtalk.host=127.0.0.1", "--gateway.teamtalk.port=" + Processes.freePort(),
                "--gateway.chat.rate-limit-per-second=10000000", "--gateway.chat.rate-limit-burst=10000000",
                "--logging.level.root=WARN"));
        command.addAll(extraArgs);
        if (redis != null) {
            command.add("--gateway.store.type=redis");
            command.add("--gateway.store.redis-uri=" + redis.uri());
        }
        try {
            gateway = Processes.start(command, workDir.resolve("gateway.log"), env);
            // Killed by awaitPort if it does not come up.
            Processes.awaitPort(gateway, tcpPort, 60_000);
            Processes.awaitPort(gateway, httpPort, 60_000);
        } catch (Exception | Error e) {
            // Nobody gets this target to close: the Redis server it started goes with it.
            if (redis != null && ownsRedis) {
                redis.close();
            }
            throw e;
        }
    }

    @Override
    public String name() {
        return "gatewise (" + store + ")";
    }

    @Override
    public int tcpPort() {
        return tcpPort;
    }

    /** The RTMP relay's port. */
    public int rtmpPort() {
        return rtmpPort;
    }

    /** The HTTP port: REST, WebSocket, files and HLS. */
    public int httpPort() {
        return httpPort;
    }

    @Override
    public long pid() {
        return gateway.pid();
    }

    /** CPU seconds the gateway process has used so far. */
    double cpuSeconds() {
        return ProcessStats.of(gateway.pid()).cpuSeconds();
    }

    /** Commands Redis has executed so far, by command name (empty on the embedded store). */
    @Override
    public Map<String, Long> storeCommands() throws IOException {
        return redis == null ? Map.of() : redis.commandCalls();
    }

    /** Redis's own CPU (from {@code INFO cpu}), so one Redis core's capacity is known. */
    @Override
    public Map<String, Double> companionCpuSeconds() throws IOException {
        return redis == null ? Map.of() : Map.of("redis", redis.cpuSeconds());
    }

    /** Registers and logs in {@code count} users, several at a time (hashing passwords is the slow part). */
    @Override
    public List<Account> accounts(int count) throws Exception {
        String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            var futures = new ArrayList<Future<Account>>();
            for (int i = 0; i < count; i++) {
                String name = "b" + run + "u" + i;
                futures.add(pool.submit(() -> login(name)));
            }
            var accounts = new ArrayList<Account>();
            for (Future<Account> future : futures) {
                accounts.add(future.get());
            }
            return accounts;
        } finally {
            pool.shutdown();
        }
    }

    private Account login(String name) throws Exception {
        String body = JSON.writeValueAsString(Map.of("username", name, "password", "benchmark-password"));
        post("/api/users", body);
        return new Account(name, JSON.readTree(post("/api/sessions", body)).get("token").asText());
    }

    @Override
    public URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + httpPort + "/ws");
    }

    @Override
    public String firstFrame(Account account, String device, String room) {
        try {
            return JSON.writeValueAsString(Map.of("type", "auth", "token", account.token(), "device", device));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String post(String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    @Override
    public void close() {
        Processes.stop(gateway);
        if (redis != null && ownsRedis) {
            redis.close();
        }
    }
}
