package dev.gatewise.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewise.bench.report.RunResult;
import dev.gatewise.bench.target.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Group fan-out: {@code groups} groups of {@code size} members, every member connected; the first
 * member of each group sends as fast as acks allow (a window of unacknowledged messages), every other
 * member receives. Figures count deliveries (one per recipient of each message).
 */
public final class GroupScenario {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int window;
    private final Duration warmup;
    private final Duration duration;
    private final ClientConnector connector;

    public GroupScenario(int window, Duration warmup, Duration duration, ClientConnector connector) {
        this.window = window;
        this.warmup = warmup;
        this.duration = duration;
        this.connector = connector;
    }

    /** Runs with {@code groups × size} of the given accounts, all over TCP. */
    public RunResult run(Target target, List<Target.Account> accounts, int groups, int size) throws Exception {
        var meter = new Meter();
        var senders = new ArrayList<Sender>();
        var channels = new ArrayList<ClientChannel>();
        for (int g = 0; g < groups; g++) {
            List<Target.Account> members = accounts.subList(g * size, (g + 1) * size);
            String room = "group-" + size + "-" + g;
            for (int m = 1; m < size; m++) {
                channels.add(connector.connect(target, g * size + m, false,
                        target.firstFrame(members.get(m), "group-bench", room),
                        frame -> meter.delivered(FrameScan.stamp(frame))));
            }
            var created = new CompletableFuture<String>();
            Sender[] sender = new Sender[1];
            ClientChannel owner = connector.connect(target, g * size, false,
                    target.firstFrame(members.get(0), "group-bench", room), frame -> {
                        if (sender[0] != null) {
                            sender[0].received(frame, true);
                            return;
                        }
                        // Our answer to group_create, or the relay's echo of it; not the event pushes.
                        String text = frame.toString(StandardCharsets.UTF_8);
                        if (text.contains("\"type\":\"group\"") || text.contains("\"type\":\"group_create\"")) {
                            created.complete(text);
                        }
                    });
            channels.add(owner);
            String groupId = createGroup(owner, members, created);
            sender[0] = new Sender(owner, "\"group\":\"" + groupId + "\"", window, meter);
            senders.add(sender[0]);
            owner.channel().eventLoop().execute(sender[0]::fill);
        }
        RunResult result = P2pScenario.measure(target, meter, warmup, duration);
        senders.forEach(Sender::stop);
        channels.forEach(ClientChannel::close);
        return result;
    }

    /** Creates the group through the owner's connection (the relay, which has rooms, just echoes). */
    private static String createGroup(ClientChannel owner, List<Target.Account> members,
                                      CompletableFuture<String> answer) throws Exception {
        var names = members.subList(1, members.size()).stream().map(Target.Account::name).toList();
        owner.write(JSON.writeValueAsBytes(Map.of("type", "group_create", "id", "create", "name", "bench",
                "members", names)));
        owner.flush();
        String reply = answer.get(60, TimeUnit.SECONDS);
        var node = JSON.readTree(reply);
        return node.path("group").asText("room");
    }
}
