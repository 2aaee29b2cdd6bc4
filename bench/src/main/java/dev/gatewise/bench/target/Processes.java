package dev.gatewise.bench.target;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Starting the servers under test as processes of their own, so their CPU and memory are theirs alone. */
public final class Processes {
    private Processes() {}

    public static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public static Process start(List<String> command, Path log) throws IOException {
        return start(command, log, Map.of());
    }

    /** @param env variables to set in the process's environment, beside the ones it inherits */
    public static Process start(List<String> command, Path log, Map<String, String> env) throws IOException {
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Waits until something accepts connections on the port, or the process dies. If nothing does in time (or the
     * wait is interrupted), the process is killed and waited for before this throws: its caller has no object to
     * close yet, and a server left running would load the cores of every later run.
     */
    public static void awaitPort(Process process, int port, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try {
            while (System.currentTimeMillis() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("process exited with " + process.exitValue());
                }
                try (var socket = new Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException e) {
                    Thread.sleep(100);
                }
            }
            throw new IllegalStateException("nothing listening on " + port + " after " + timeoutMillis + " ms");
        } catch (Exception | Error e) {
            // SIGKILL, and the exit waited for even if this thread was interrupted (join is not).
            process.destroyForcibly().onExit().join();
            throw e;
        }
    }

    public static void stop(Process process) {
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
