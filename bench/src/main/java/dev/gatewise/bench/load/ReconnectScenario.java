package dev.gatewise.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewise.bench.report.CpuCost;
import dev.gatewise.bench.target.Target;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A reconnect storm: every client reconnects at once, as after a node or network failure, and catches
 * up — authenticates, asks for its conversations and syncs each one that has unread messages. (The
 * relay, which stores nothing, only reconnects.) Measures how long until every client is caught up.
 */
public final class ReconnectScenario {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClientConnector connector;

    public ReconnectScenario(ClientConnector connector) {
        this.connector = connector;
    }

    /** @param cpu CPU over the storm, per client caught up */
    public record Result(String target, int clients, double seconds, long messagesSynced, Histogram catchUp,
                         CpuCost cpu) {
        public double serverCpuSeconds() {
            return cpu.cpuSeconds().get(CpuCost.SERVER);
        }

        public String line() {
            return String.format("%-22s %d clients reconnected and caught up in %.1f s (%.0f/s), %d messages synced "
                            + "| per client p50 %.0f ms, p99 %.0f ms, max %.0f ms | server CPU %.1f s | CPU per "
                            + "client: %s", target, clients, seconds, clients / seconds, messagesSynced,
                    catchUp.getValueAtPercentile(50) / 1e6, catchUp.getValueAtPercentile(99) / 1e6,
                    catchUp.getMaxValue() / 1e6, serverCpuSeconds(), cpu.line("client"));
        }
    }

    /**
     * @param users each user gets {@code backlog} messages from a sender before the storm, and
     *              connects {@code clients / users.size()} devices
     */
    public Result run(Target target, List<Target.Account> users, Target.Account sender, int clients, int backlog)
            throws Exception {
        fillBacklog(target, users, sender, backlog);
        var catchUp = new ConcurrentHistogram(3);
        var synced = new java.util.concurrent.atomic.LongAdder();
        CpuMeter cpu = CpuMeter.start(target);
        long start = System.nanoTime();
        List<ClientChannel> channels = connector.openMany(clients, index -> {
            Target.Account user = users.get(index % users.size());
            long began = System.nanoTime();
            var caughtUp = new CompletableFuture<Void>();
            var client = new CatchUp(caughtUp, synced);
            ClientChannel channel = connector.connect(target, index, false,
                    target.firstFrame(user, "storm-" + index, "storm-" + index), client);
            if (user.token() == null) {
                caughtUp.complete(null);
            } else {
                client.start(channel);
            }
            caughtUp.get(120, TimeUnit.SECONDS);
            catchUp.recordValue(System.nanoTime() - began);
            return channel;
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuCost cost = cpu.stop(clients);
        channels.forEach(ClientChannel::close);
        return new Result(target.name(), clients, seconds, synced.sum(), catchUp, cost);
    }

    /** One sender writes {@code backlog} messages to every user, who are all offline. */
    private void fillBacklog(Target target, List<Target.Account> users, Target.Account sender, int backlog)
            throws Exception {
        if (sender.token() == null) {
            return;
        }
        var acked = new Semaphore(0);
        ClientChannel channel = connector.connect(target, 0, false, target.firstFrame(sender, "filler", "filler"),
                frame -> acked.release());
        for (Target.Account user : users) {
            for (int i = 0; i < backlog; i++) {
                channel.write(JSON.writeValueAsBytes(Map.of("type", "send", "to", user.name(),
                        "clientMsgId", user.name() + "-" + i, "content", Map.of("text", "backlog " + i))));
            }
            channel.flush();
            acked.acquire(backlog);
        }
        channel.close();
    }

    /** The catch-up of one client: conversations, then a sync of each with unread messages. */
    private static final class CatchUp implements Consumer<ByteBuf> {
        private final CompletableFuture<Void> caughtUp;
        private final java.util.concurrent.atomic.LongAdder synced;
        private ClientChannel channel;
        private int pending;

        CatchUp(CompletableFuture<Void> caughtUp, java.util.concurrent.atomic.LongAdder synced) {
            this.caughtUp = caughtUp;
            this.synced = synced;
        }

        void start(ClientChannel channel) throws IOException {
            this.channel = channel;
            channel.write(JSON.writeValueAsBytes(Map.of("type", "conversations", "id", "list")));
            channel.flush();
        }

        @Override
        public void accept(ByteBuf frame) {
            try {
                JsonNode node = JSON.readTree(frame.toString(StandardCharsets.UTF_8));
                switch (node.path("type").asText()) {
                    case "conversations_result" -> {
                        for (JsonNode conversation : node.get("conversations")) {
                            if (conversation.get("unread").asLong() > 0) {
                                pending++;
                                channel.write(JSON.writeValueAsBytes(Map.of("type", "sync", "id", "sync",
                                        "conversation", conversation.get("conversation").asText(),
                                        "afterSeq", conversation.get("readSeq").asLong(), "limit", 200)));
                            }
                        }
                        channel.flush();
                        if (pending == 0) {
                            caughtUp.complete(null);
                        }
                    }
                    case "sync_result" -> {
                        synced.add(node.get("messages").size());
                        if (--pending == 0) {
                            caughtUp.complete(null);
                        }
                    }
                    case "error" -> caughtUp.completeExceptionally(new IllegalStateException(node.toString()));
                    default -> { }
                }
            } catch (IOException e) {
                caughtUp.completeExceptionally(e);
            }
        }
    }
}
