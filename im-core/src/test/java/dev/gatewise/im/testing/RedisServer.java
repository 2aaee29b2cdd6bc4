package dev.gatewise.im.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server (Debian's package) on a free loopback port, with append-only persistence in a
 * temporary directory, started and stopped by the tests. It can be killed and restarted on the same
 * port and data, to test what happens when Redis goes away.
 */
public final class RedisServer implements AutoCloseable {
    private static RedisServer shared;

    private final int port;
    private final Path dir;
    private final List<String> settings;
    private Process process;

    public RedisServer() throws IOException {
        this(List.of());
    }

    /** @param settings more redis-server settings, kept across restarts, e.g. {@code --appendfsync everysec} */
    public RedisServer(List<String> settings) throws IOException {
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        dir = Files.createTempDirectory("gatewise-redis");
        this.settings = List.copyOf(settings);
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
        start(List.of());
        awaitReady();
    }

    /**
     * Starts redis-server with this server's settings and {@code more}, and returns once it accepts
     * connections, which may be before it has loaded its data.
     */
    public synchronized void start(List<String> more) throws IOException {
        var command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                "--protected-mode", "no"));
        command.addAll(settings);
        command.addAll(more);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                .start();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            new Socket("127.0.0.1", port).close();
            return true;
        });
    }

    /** Waits until Redis answers commands (until the append-only file is loaded it answers -LOADING). */
    public void awaitReady() {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> cli("PING").equals("PONG"));
    }

    /** Runs one command with redis-cli and answers its output, trimmed. */
    public String cli(String... command) throws IOException, InterruptedException {
        var args = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        args.addAll(List.of(command));
        Process cli = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(cli.getInputStream().readAllBytes()).trim();
        cli.waitFor();
        return out;
    }

    /** Sends a signal to redis-server (STOP freezes it as a hung server would, CONT resumes it). */
    public void signal(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    public Path dir() {
        return dir;
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
                // Redis refuses SIGTERM while it writes its first AOF (a replica right after its sync).
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        TempDirs.delete(dir);
    }
}
