package dev.gatewise.im;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.store.NodeInfo;
import dev.gatewise.im.testing.ChatClient;
import dev.gatewise.im.testing.RedisServer;
import dev.gatewise.im.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three chat nodes sharing one real Redis server: messages, groups, presence and server assignment
 * cross nodes; a dead node's users go offline; Redis going away costs retries, never acked messages.
 */
class RedisClusterTest {
    static RedisServer redis;
    static List<TestServer> nodes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        redis = new RedisServer();
        for (int i = 0; i < 3; i++) {
            nodes.add(new TestServer(settings -> {
                settings.setNodeHeartbeat(Duration.ofMillis(200));
                settings.setNodeTtl(Duration.ofSeconds(2));
                settings.setAdmins(List.of("admin"));
                settings.setRateLimitPerSecond(10_000);
                settings.setRateLimitBurst(10_000);
            }, redis.uri()));
        }
    }

    @AfterAll
    static void stop() {
        nodes.forEach(TestServer::close);
        redis.close();
    }

    static TestServer node(int i) {
        return nodes.get(i);
    }

    static JsonNode text(ChatClient client, String id, String to, String text) {
        return client.request(id, frame("send", "to", to, "clientMsgId", id, "content", Map.of("text", text)));
    }

    @Test
    void directMessagesCrossNodesInOrderOnceToEveryDevice() throws Exception {
        var alice = node(0).user("alice");
        var bob = node(1).user("bob");
        try (var aliceTcp = node(0).tcpAs(alice, "phone"); var bobWs = node(1).wsAs(bob, "browser");
             var bobTcp = node(2).tcpAs(bob, "tablet"); var aliceLaptop = node(2).wsAs(alice, "laptop")) {
            var acked = new ArrayList<String>();
            for (int i = 1; i <= 50; i++) {
                JsonNode ack = text(aliceTcp, "m" + i, bob.name(), "hello " + i);
                assertThat(ack.get("seq").asLong()).isEqualTo(i);
                acked.add(ack.get("msgId").asText());
            }
            for (ChatClient device : List.of(bobWs, bobTcp, aliceLaptop)) {
                var pushed = new ArrayList<String>();
                for (int i = 1; i <= 50; i++) {
                    JsonNode message = device.awaitType("push").get("message");
                    assertThat(message.get("seq").asLong()).isEqualTo(i);
                    pushed.add(message.get("msgId").asText());
                }
                assertThat(pushed).containsExactlyElementsOf(acked);
                device.assertNone(f -> f.path("type").asText().equals("push"), Duration.ofMillis(200));
            }
            // And back, from the other node.
            text(bobTcp, "reply", alice.name(), "hi from node 3");
            assertThat(aliceTcp.awaitType("push").get("message").get("content").get("text").asText())
                    .isEqualTo("hi from node 3");
        }
    }

    @Test
    void groupMessagesFanOutToMembersOnEveryNode() throws Exception {
        var owner = node(0).user("owner");
        var members = List.of(node(0).user("member"), node(1).user("member"), node(2).user("member"));
        try (var ownerClient = node(0).tcpAs(owner, "d");
             var c0 = node(0).wsAs(members.get(0), "d"); var c1 = node(1).tcpAs(members.get(1), "d");
             var c2 = node(2).wsAs(members.get(2), "d")) {
            String group = ownerClient.request("g", frame("group_create", "name", "spread",
                    "members", members.stream().map(TestServer.User::name).toList())).get("group").asText();
            List<ChatClient> clients = List.of(ownerClient, c0, c1, c2);
            for (ChatClient client : clients) {
                client.await(f -> f.path("type").asText().equals("push")
                        && f.at("/message/kind").asText().equals("system"));
            }
            for (int i = 0; i < clients.size(); i++) {
                JsonNode ack = clients.get(i).request("s" + i, frame("send", "group", group, "clientMsgId", "g" + i,
                        "content", Map.of("text", "from " + i)));
                assertThat(ack.get("type").asText()).isEqualTo("ack");
            }
            for (int receiver = 0; receiver < clients.size(); receiver++) {
                Set<String> texts = new HashSet<>();
                for (int sender = 0; sender < clients.size(); sender++) {
                    if (sender != receiver) {
                        texts.add(clients.get(receiver).awaitType("push").at("/message/content/text").asText());
                    }
                }
                assertThat(texts).hasSize(3).doesNotContain("from " + receiver);
            }
            JsonNode sync = c2.request("sync", frame("sync", "conversation", "g:" + group));
            assertThat(sync.get("messages")).extracting(m -> m.get("seq").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L);
        }
    }

    @Test
    void presenceIsSharedAcrossNodes() throws Exception {
        var watcher = node(0).user("watcher");
        var carol = node(1).user("carol");
        try (var watching = node(0).tcpAs(watcher, "d")) {
            JsonNode status = watching.request("p", frame("presence", "users", List.of(carol.name())));
            assertThat(status.at("/users/" + carol.name()).asText()).isEqualTo("offline");
            try (var carolClient = node(1).wsAs(carol, "d"); var carolPhone = node(2).tcpAs(carol, "phone")) {
                assertThat(watching.awaitType("presence").get("status").asText()).isEqualTo("online");
                carolClient.close();
                watching.assertNone(f -> f.path("type").asText().equals("presence"), Duration.ofMillis(500));
            }
            JsonNode offline = watching.awaitType("presence");
            assertThat(offline.get("user").asText()).isEqualTo(carol.name());
            assertThat(offline.get("status").asText()).isEqualTo("offline");
        }
    }

    @Test
    void aDeadNodesUsersGoOfflineWithoutItsHelp() throws Exception {
        var watcher = node(0).user("watcher");
        var dave = node(0).user("dave");
        // A node that connected dave and then died: its routes are there, its heartbeats stop.
        var stores = node(2).stores();
        stores.nodes().heartbeat(new NodeInfo("ghost", "h:1", "ws://h:2/ws", 1, 0, System.currentTimeMillis()));
        stores.routes().register(dave.name(), "phone", "ghost");
        try (var watching = node(0).tcpAs(watcher, "d")) {
            // Nodes re-read the live-node table at most once a second.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(watching.request("p" + System.nanoTime(),
                    frame("presence", "users", List.of(dave.name()))).at("/users/" + dave.name()).asText())
                    .isEqualTo("online"));
            JsonNode offline = watching.awaitType("presence");
            assertThat(offline.get("user").asText()).isEqualTo(dave.name());
            assertThat(offline.get("status").asText()).isEqualTo("offline");
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                stores.nodes().live(Duration.ofDays(1)).stream().noneMatch(n -> n.node().equals("ghost")));
    }

    @Test
    void endpointsNameTheLeastLoadedNodeAndAdminsSeeTheCluster() throws Exception {
        var user = node(0).user("load");
        var admin = new TestServer.User("admin", null);
        var clients = new ArrayList<ChatClient>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(node(0).tcpAs(user, "a" + i));
                clients.add(node(1).tcpAs(user, "b" + i));
            }
            String expected = "127.0.0.1:" + node(2).tcpPort();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                var answer = TestServer.json(node(0).api("GET", "/api/endpoints", null, null).body());
                assertThat(answer.get("tcp").asText()).isEqualTo("localhost:" + node(2).tcpPort());
                assertThat(answer.get("webSocket").asText()).isEqualTo("ws://localhost:" + node(2).httpPort() + "/ws");
                assertThat(answer.get("node").asText()).isEqualTo(node(2).nodeId());
            });
            assertThat(expected).isNotBlank();
        } finally {
            for (ChatClient client : clients) {
                client.close();
            }
        }
        assertThat(node(1).api("GET", "/api/cluster", null, user.token()).statusCode()).isEqualTo(403);
        assertThat(node(1).api("GET", "/api/cluster", null, null).statusCode()).isEqualTo(401);
        node(0).api("POST", "/api/users", Map.of("username", "admin", "password", "admin-pass"), null);
        String token = TestServer.json(node(0).api("POST", "/api/sessions",
                Map.of("username", "admin", "password", "admin-pass"), null).body()).get("token").asText();
        var cluster = node(1).api("GET", "/api/cluster", null, token);
        assertThat(cluster.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(cluster.body()).get("nodes")).extracting(n -> n.get("node").asText())
                .contains(node(0).nodeId(), node(1).nodeId(), node(2).nodeId());
        assertThat(admin.name()).isEqualTo("admin");
    }

    @Test
    void redisRestartCostsRetriesNeverAcknowledgedMessages() throws Exception {
        var alice = node(0).user("alice");
        var bob = node(1).user("bob");
        var acked = new ArrayList<JsonNode>();
        try (var aliceTcp = node(0).tcpAs(alice, "phone"); var bobWs = node(1).wsAs(bob, "browser")) {
            for (int i = 0; i < 20; i++) {
                acked.add(text(aliceTcp, "before" + i, bob.name(), "before " + i));
            }
            redis.kill();
            JsonNode refused = text(aliceTcp, "during", bob.name(), "while Redis is down");
            assertThat(refused.get("type").asText()).isEqualTo("error");
            assertThat(refused.get("code").asText()).isEqualTo("retry");
            assertThat(aliceTcp.request("ping", frame("ping")).get("type").asText()).isEqualTo("pong");
            redis.start();
            // The same frame again, once Redis is back: stored once, acknowledged.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode again = text(aliceTcp, "during", bob.name(), "while Redis is down");
                assertThat(again.get("type").asText()).as(again.toString()).isEqualTo("ack");
                acked.add(again);
            });
            for (int i = 0; i < 5; i++) {
                acked.add(text(aliceTcp, "after" + i, bob.name(), "after " + i));
            }
            String conversation = acked.get(0).get("conversation").asText();
            JsonNode sync = bobWs.request("sync", frame("sync", "conversation", conversation, "limit", 200));
            assertThat(sync.get("type").asText()).as(sync.toString()).isEqualTo("sync_result");
            List<String> stored = new ArrayList<>();
            sync.get("messages").forEach(m -> stored.add(m.get("msgId").asText()));
            assertThat(stored).containsExactlyElementsOf(acked.stream().map(a -> a.get("msgId").asText())
                    .distinct().toList());
            // Cross-node pushes work again once the bus has reconnected (it retries every half second;
            // pushes sent before that are lost, and healed by sync as above).
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                String marker = "m" + System.nanoTime();
                text(aliceTcp, marker, bob.name(), marker);
                return bobWs.poll(f -> f.at("/message/content/text").asText().equals(marker), Duration.ofMillis(300))
                        .isPresent();
            });
        }
    }
}
