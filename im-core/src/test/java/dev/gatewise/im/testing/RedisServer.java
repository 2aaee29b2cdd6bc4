package dev.gatewise.im.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real redis-server (Debian's package) on a free loopback port, with append-only persistence in a
 * temporary directory, started and stopped by the tests. It can be killed and restarted on the same
 * port and data, to test what happens when Redis goes away.
 */
public final class RedisServer implements AutoCloseable {
    private static RedisServer shared;

    private final int port;
    private final Path dir;
    private Process process;

    public RedisServer() throws IOException {
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        dir = Files.createTempDirectory("gatewise-redis");
        start();
    }

    /** One server for a whole test JVM, stopped when the JVM exits. */
    public static synchronized RedisServer shared() throws IOException {
        if (shared == null) {
            shared = new RedisServer();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized void start() throws IOException {
        process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                "--protected-mode", "no"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (var socket = new Socket("127.0.0.1", port)) {
                socket.getOutputStream().write("PING\r\n".getBytes());
                byte[] reply = new byte[7];
                int read = socket.getInputStream().read(reply);
                // Until the append-only file is loaded Redis answers -LOADING.
                return read > 0 && reply[0] == '+';
            }
        });
    }

    /** SIGKILL: whatever Redis has not written is lost, as in a crash. */
    public synchronized void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        TempDirs.delete(dir);
    }
}
