package dev.gatewise.gateway;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.testing.ChatClient;
import dev.gatewise.im.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three packaged gateways sharing a real Redis server, run as an operator would. One node is killed
 * with SIGKILL in the middle of traffic, then Redis is; every acknowledged message reaches its
 * recipients exactly once, and presence follows the dead node's users.
 */
class ClusterIT {
    @TempDir
    Path temp;
    RedisServer redis;
    List<GatewayProcess> nodes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        redis = new RedisServer();
        for (int i = 0; i < 3; i++) {
            nodes.add(new GatewayProcess(temp.resolve("node" + i), "node" + i, List.of(
                    "--gateway.store.type=redis", "--gateway.store.redis-uri=" + redis.uri(),
                    "--gateway.chat.node-heartbeat=500ms", "--gateway.chat.node-ttl=3s",
                    "--gateway.chat.rate-limit-per-second=100000", "--gateway.chat.rate-limit-burst=100000"))
                    .start());
        }
    }

    @AfterEach
    void stop() {
        nodes.forEach(GatewayProcess::close);
        redis.close();
    }

    /** Sends to one peer as fast as acks allow, resending a frame after a retry error or a lost connection. */
    static final class Sender extends Thread {
        final List<JsonNode> acked = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean stop = new AtomicBoolean();
        private final List<GatewayProcess> entries;
        private final String token;
        private final String name;
        private final Map<String, String> target;

        Sender(String name, String token, Map<String, String> target, List<GatewayProcess> entries) {
            super("sender-" + name);
            this.name = name;
            this.token = token;
            this.target = target;
            this.entries = entries;
        }

        @Override
        public void run() {
            int i = 0;
            int entry = 0;
            while (!stop.get()) {
                try (ChatClient client = entries.get(entry % entries.size()).tcp()) {
                    client.auth(token, "d");
                    while (!stop.get()) {
                        var send = frame("send", "clientMsgId", name + "-" + i, "content", Map.of("text", name + " " + i));
                        target.forEach(send::put);
                        JsonNode answer = client.request("r" + i + "-" + System.nanoTime(), send);
                        if (answer.path("type").asText().equals("ack")) {
                            acked.add(answer);
                            i++;
                        }
                    }
                } catch (Throwable e) {
                    // The node went away: the next entry point, the same clientMsgId.
                    entry++;
                }
            }
        }
    }

    /** Every message of every conversation bob is in, by sync, checking order and gaplessness. */
    static Set<String> syncAll(ChatClient client, List<String> conversations) {
        var ids = new LinkedHashSet<String>();
        for (String conversation : conversations) {
            long after = 0;
            while (true) {
                JsonNode page = client.request("sync-" + conversation + "-" + after, frame("sync",
                        "conversation", conversation, "afterSeq", after, "limit", 200));
                assertThat(page.path("type").asText()).as(page.toString()).isEqualTo("sync_result");
                for (JsonNode message : page.get("messages")) {
                    assertThat(message.get("seq").asLong()).isEqualTo(after + 1);
                    after = message.get("seq").asLong();
                    assertThat(ids.add(message.get("msgId").asText())).as("stored once").isTrue();
                }
                if (!page.get("hasMore").asBoolean()) {
                    break;
                }
            }
        }
        return ids;
    }

    @Test
    void killNineOfANodeDuringTrafficLosesNothingAndPresenceFollows() throws Exception {
        GatewayProcess survivor0 = nodes.get(0);
        GatewayProcess victim = nodes.get(1);
        GatewayProcess survivor2 = nodes.get(2);
        String bob = GatewayIT.login(survivor0, "bob");
        String ann = GatewayIT.login(survivor0, "ann");
        String cat = GatewayIT.login(survivor2, "cat");
        String dan = GatewayIT.login(survivor0, "dan");
        String watcher = GatewayIT.login(survivor0, "watcher");

        String group;
        try (ChatClient owner = survivor0.tcp()) {
            owner.auth(ann, "setup");
            group = owner.request("g", frame("group_create", "name", "crew", "members", List.of("bob", "cat", "dan")))
                    .get("group").asText();
        }
        try (ChatClient watching = survivor0.tcp(); ChatClient bobOnVictim = victim.tcp()) {
            watching.auth(watcher, "w");
            bobOnVictim.auth(bob, "phone");
            assertThat(watching.request("p", frame("presence", "users", List.of("bob"))).at("/users/bob").asText())
                    .isEqualTo("online");

            var senders = List.of(
                    new Sender("ann", ann, Map.of("to", "bob"), List.of(survivor0)),
                    new Sender("cat", cat, Map.of("group", group), List.of(survivor2)),
                    // dan is on the node that dies: he reconnects elsewhere and resends.
                    new Sender("dan", dan, Map.of("to", "bob"), List.of(victim, survivor0, survivor2)));
            senders.forEach(Thread::start);
            Thread.sleep(1500);
            victim.kill9();

            JsonNode offline = watching.await(f -> f.path("type").asText().equals("presence")
                    && f.path("status").asText().equals("offline"));
            assertThat(offline.get("user").asText()).isEqualTo("bob");

            try (ChatClient bobAgain = survivor2.tcp()) {
                bobAgain.auth(bob, "phone");
                JsonNode online = watching.await(f -> f.path("type").asText().equals("presence")
                        && f.path("status").asText().equals("online"));
                assertThat(online.get("user").asText()).isEqualTo("bob");
                Thread.sleep(1000);
                for (Sender sender : senders) {
                    sender.stop.set(true);
                }
                for (Sender sender : senders) {
                    sender.join(20_000);
                }
                var acked = new ArrayList<JsonNode>();
                senders.forEach(s -> acked.addAll(s.acked));
                assertThat(senders).allSatisfy(s -> assertThat(s.acked).isNotEmpty());
                List<String> conversations = acked.stream().map(a -> a.get("conversation").asText()).distinct().toList();
                Set<String> stored = syncAll(bobAgain, conversations);
                var ackedIds = new HashSet<String>();
                acked.forEach(a -> ackedIds.add(a.get("msgId").asText()));
                assertThat(stored).containsAll(ackedIds);
                // Resends after the kill never made a second copy: one stored message per client id.
                assertThat(acked.stream().filter(a -> !a.get("duplicate").asBoolean()).map(a -> a.get("clientMsgId")
                        .asText())).doesNotHaveDuplicates();
            }
        }
        var endpoints = FrameJson.MAPPER.readTree(survivor0.get("/api/endpoints").body());
        assertThat(endpoints.get("node").asText()).isIn("node0", "node2");
    }

    @Test
    void redisRestartDuringTrafficLosesNoAcknowledgedMessage() throws Exception {
        String bob = GatewayIT.login(nodes.get(0), "bob");
        var senders = new ArrayList<Sender>();
        for (int i = 0; i < 3; i++) {
            String name = "s" + i + "x";
            senders.add(new Sender(name, GatewayIT.login(nodes.get(i), name), Map.of("to", "bob"), List.of(nodes.get(i))));
        }
        senders.forEach(Thread::start);
        Thread.sleep(1000);
        redis.kill();
        Thread.sleep(1000);
        redis.start();
        Thread.sleep(1500);
        senders.forEach(s -> s.stop.set(true));
        for (Sender sender : senders) {
            sender.join(20_000);
        }
        try (ChatClient bobClient = nodes.get(1).tcp()) {
            bobClient.auth(bob, "laptop");
            var acked = new ArrayList<JsonNode>();
            senders.forEach(s -> acked.addAll(s.acked));
            Set<String> stored = syncAll(bobClient, acked.stream().map(a -> a.get("conversation").asText())
                    .distinct().toList());
            assertThat(stored).containsAll(acked.stream().map(a -> a.get("msgId").asText()).toList());
        }
        assertThat(Duration.ofSeconds(1)).isPositive();
    }
}
