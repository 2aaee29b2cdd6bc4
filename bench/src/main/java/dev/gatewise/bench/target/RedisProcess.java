package dev.gatewise.bench.target;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A redis-server as the benchmark runs it (append-only, {@code appendfsync everysec}), and its INFO figures. */
public final class RedisProcess implements AutoCloseable {
    private static final Pattern CALLS = Pattern.compile("cmdstat_(\\w+):calls=(\\d+)");
    private static final Pattern CPU = Pattern.compile("used_cpu_(sys|user):([0-9.]+)");

    private final Process process;
    private final int port;

    public RedisProcess(Path workDir) throws Exception {
        Files.createDirectories(workDir);
        port = Processes.freePort();
        process = Processes.start(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", workDir.toString(), "--appendonly", "yes", "--appendfsync", "everysec", "--save", ""),
                workDir.resolve("redis.log"));
        Processes.awaitPort(process, port, 30_000);
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Commands executed so far, by name (those run inside functions count too). */
    public Map<String, Long> commandCalls() throws IOException {
        var calls = new TreeMap<String, Long>();
        Matcher matcher = CALLS.matcher(info("commandstats"));
        while (matcher.find()) {
            calls.put(matcher.group(1), Long.parseLong(matcher.group(2)));
        }
        return calls;
    }

    /** used_cpu_sys + used_cpu_user: the server process (not the children it forks to rewrite its files). */
    public double cpuSeconds() throws IOException {
        Matcher matcher = CPU.matcher(info("cpu"));
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(2));
        }
        return total;
    }

    /** One INFO section, over a plain socket. */
    private String info(String section) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("INFO " + section + "\r\n").getBytes(StandardCharsets.US_ASCII));
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            int length = Integer.parseInt(in.readLine().substring(1));
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    throw new IOException("Redis closed the connection during INFO");
                }
                read += n;
            }
            return new String(body);
        }
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
