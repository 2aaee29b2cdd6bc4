package dev.gatewise.bench.target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's nginx in the foreground with a configuration of the benchmark's own, its pid file and logs in the work
 * directory; the baseline of the files and live benchmarks.
 */
public final class Nginx implements AutoCloseable {
    private final Process process;

    /**
     * @param top directives before the {@code events} block (modules, worker count)
     * @param body the {@code http} or {@code rtmp} block
     * @param port where the body listens; waited for
     */
    public Nginx(Path workDir, String top, String body, int port) throws Exception {
        Files.createDirectories(workDir);
        // As root, nginx's workers would otherwise run as nobody and could not read the work directory.
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        Path conf = workDir.resolve("nginx.conf");
        Files.writeString(conf, user + top + """
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                """.formatted(workDir) + body);
        process = Processes.start(List.of("nginx", "-c", conf.toString()), workDir.resolve("nginx.out"));
        Processes.awaitPort(process, port, 10_000);
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
