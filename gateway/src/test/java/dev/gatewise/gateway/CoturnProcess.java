package dev.gatewise.gateway;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's coturn on a free loopback port with the TURN REST API ({@code use-auth-secret}), as docs/operations.md
 * runs it beside the gateway, plus what loopback needs: relaying to peers on 127.0.0.1 is allowed here only.
 */
final class CoturnProcess implements AutoCloseable {
    static final String TURNSERVER = "/usr/bin/turnserver";

    private final int port = GatewayProcess.freePort();
    private final String secret;
    private final Process process;

    CoturnProcess(Path dir, String secret) throws IOException {
        this.secret = secret;
        Files.createDirectories(dir);
        // Relay ports near the listening port's: tests running at once do not share a range.
        int minPort = 40_000 + port % 20_000;
        process = new ProcessBuilder(List.of(TURNSERVER, "-n", "--no-cli", "--no-tls", "--no-dtls",
                "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--listening-port=" + port,
                "--min-port=" + minPort, "--max-port=" + (minPort + 200), "--allow-loopback-peers",
                "--use-auth-secret", "--static-auth-secret=" + secret, "--realm=gatewise.test", "--fingerprint",
                "--userdb=" + dir.resolve("turndb"), "--pidfile=" + dir.resolve("turnserver.pid"),
                "--log-file=stdout", "--simple-log"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("turnserver.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("turnserver exited with " + process.exitValue() + "; see "
                        + dir.resolve("turnserver.log"));
            }
            try (var socket = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** The gateway's settings for this relay. */
    List<String> gatewayArgs() {
        return List.of("--gateway.calls.turn.secret=" + secret,
                "--gateway.calls.turn.urls=turn:127.0.0.1:" + port + "?transport=udp");
    }

    @Override
    public void close() {
        GatewayProcess.stop(process);
    }
}
