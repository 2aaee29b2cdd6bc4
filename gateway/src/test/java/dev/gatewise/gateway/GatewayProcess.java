package dev.gatewise.gateway;

import static org.awaitility.Awaitility.await;

import dev.gatewise.im.testing.TcpChatClient;
import dev.gatewise.im.testing.WsChatClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged gateway ({@code target/gateway.jar}) running as its own process on free loopback
 * ports, so tests can use it as an operator would, and kill it with SIGKILL.
 */
final class GatewayProcess implements AutoCloseable {
    private final Path dataDir;
    private final Path log;
    private final List<String> extraArgs;
    private final int httpPort;
    private final int tcpPort;
    private final int rtmpPort;
    private final int teamTalkPort;
    private Process process;

    private final String nodeId;

    GatewayProcess(Path dataDir, String... extraArgs) throws IOException {
        this(dataDir, "it-node", List.of(extraArgs));
    }

    GatewayProcess(Path dataDir, String nodeId, List<String> extraArgs) throws IOException {
        this.nodeId = nodeId;
        this.dataDir = dataDir;
        this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        this.extraArgs = extraArgs;
        this.httpPort = freePort();
        this.tcpPort = freePort();
        this.rtmpPort = freePort();
        this.teamTalkPort = freePort();
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    GatewayProcess start() throws IOException {
        return start(Duration.ofSeconds(60));
    }

    /**
     * Starts the jar and waits until it is healthy. If it is not by {@code timeout} (or the wait fails in any way),
     * the JVM is killed and waited for before this throws: the caller never gets this node to close, and a JVM left
     * running would eat the cores of every later test.
     */
    GatewayProcess start(Duration timeout) throws IOException {
        var command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", Path.of("target", "gateway.jar").toAbsolutePath().toString(),
                "--gateway.data-dir=" + dataDir,
                "--gateway.http.host=127.0.0.1", "--gateway.http.port=" + httpPort,
                "--gateway.chat.host=127.0.0.1", "--gateway.chat.tcp-port=" + tcpPort,
                "--gateway.media.rtmp.host=127.0.0.1", "--gateway.media.rtmp.port=" + rtmpPort,
                "--gateway.teamtalk.host=127.0.0.1", "--gateway.teamtalk.port=" + teamTalkPort,
                "--gateway.node-id=" + nodeId));
        command.addAll(extraArgs);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("gateway exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    return get("/actuator/health").statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (RuntimeException | Error e) {
            // SIGKILL, and the exit waited for even if this thread was interrupted (join is not).
            process.destroyForcibly().onExit().join();
            throw e;
        }
        return this;
    }

    String nodeId() {
        return nodeId;
    }

    int tcpPort() {
        return tcpPort;
    }

    /** TeamTalk's listener (TCP and WebSocket). */
    int teamTalkPort() {
        return teamTalkPort;
    }

    /** Where ffmpeg publishes: {@code rtmp://127.0.0.1:PORT/live/STREAM?token=...}. */
    int rtmpPort() {
        return rtmpPort;
    }

    /** SIGKILL: no shutdown hook, no flush, no close. */
    void kill9() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** The gateway's JVM, while it runs. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    HttpResponse<String> get(String path) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    HttpResponse<String> postJson(String path, String json) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    TcpChatClient tcp() throws IOException {
        return new TcpChatClient("127.0.0.1", tcpPort);
    }

    WsChatClient ws() {
        return new WsChatClient(URI.create("ws://127.0.0.1:" + httpPort + "/ws"));
    }

    @Override
    public void close() {
        stop(process);
    }

    /** SIGTERM, then waits for the process to exit; nothing if it never started or is gone. */
    static void stop(Process process) {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
