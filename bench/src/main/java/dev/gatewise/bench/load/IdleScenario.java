package dev.gatewise.bench.load;

import dev.gatewise.bench.target.Target;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Idle connections: opens {@code count} authenticated connections and measures what they cost the
 * server — heap (after a full GC) and resident memory — per connection.
 */
public final class IdleScenario {
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final ClientConnector connector;
    private final boolean webSocket;

    public IdleScenario(ClientConnector connector, boolean webSocket) {
        this.connector = connector;
        this.webSocket = webSocket;
    }

    public record Result(String target, int connections, double seconds, long heapPerConnection,
                         long rssPerConnection, long heapAfter, long rssAfter) {
        public String line() {
            return String.format("%-22s %d %s connections opened in %.1f s (%.0f/s) | per connection: heap %d B, "
                            + "RSS %d B | server heap %d MiB, RSS %d MiB",
                    target, connections, "idle", seconds, connections / seconds, heapPerConnection, rssPerConnection,
                    heapAfter >> 20, rssAfter >> 20);
        }
    }

    /** @param users connections are spread over this many users, each on many devices */
    public Result run(Target target, int count, List<Target.Account> users) throws Exception {
        long[] before = measure(target.pid());
        long start = System.nanoTime();
        List<ClientChannel> channels = connector.openMany(count, index -> connector.connect(target, index, webSocket,
                target.firstFrame(users.get(index % users.size()), "idle-" + index, "idle-" + index), frame -> { }));
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(3000);
        long[] after = measure(target.pid());
        channels.forEach(ClientChannel::close);
        return new Result(target.name() + (webSocket ? " WS" : " TCP"), count, seconds,
                (after[0] - before[0]) / count, (after[1] - before[1]) / count, after[0], after[1]);
    }

    /** Heap used after a full GC, and resident memory, of the server process. */
    private static long[] measure(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Matcher matcher = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        long heap = matcher.find() ? Long.parseLong(matcher.group(1)) * 1024 : 0;
        return new long[] {heap, dev.gatewise.bench.report.ProcessStats.of(pid).rssBytes()};
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        var jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        var process = new ProcessBuilder(List.of(jcmd, Long.toString(pid), command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return output;
    }
}
