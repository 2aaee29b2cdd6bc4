package dev.gatewise.im;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.testing.ChatClient;
import dev.gatewise.im.testing.RedisServer;
import dev.gatewise.im.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two chat nodes on a real Redis Cluster: three masters of Debian's redis-server, joined by
 * {@code redis-cli --cluster create}. Each message's function call touches one slot (its
 * conversation's); users' keys, routes and the node table live elsewhere, and every feature that
 * spans them still works across nodes.
 */
class RedisShardsTest {
    static final List<RedisServer> masters = new ArrayList<>();
    static final List<TestServer> nodes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        for (int i = 0; i < 3; i++) {
            masters.add(new RedisServer(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "2000")));
        }
        var create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        masters.forEach(m -> create.add("127.0.0.1:" + m.port()));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process process = new ProcessBuilder(create).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(out).isZero();
        for (RedisServer master : masters) {
            await().atMost(Duration.ofSeconds(20)).until(() -> master.cli("CLUSTER", "INFO").contains("cluster_state:ok"));
        }
        String uri = "redis-cluster://" + String.join(",", masters.stream().map(m -> "127.0.0.1:" + m.port()).toList());
        for (int i = 0; i < 2; i++) {
            nodes.add(new TestServer(settings -> {
                settings.setNodeHeartbeat(Duration.ofMillis(200));
                settings.setNodeTtl(Duration.ofSeconds(2));
            }, uri));
        }
    }

    @AfterAll
    static void stop() {
        nodes.forEach(TestServer::close);
        masters.forEach(RedisServer::close);
    }

    static JsonNode text(ChatClient client, String id, String to) {
        return client.request(id, frame("send", "to", to, "clientMsgId", id, "content", Map.of("text", id)));
    }

    @Test
    void directMessagesReceiptsAndUnreadCountsAcrossNodesAndShards() throws Exception {
        var alice = nodes.get(0).user("alice");
        var bob = nodes.get(1).user("bob");
        try (var aliceTcp = nodes.get(0).tcpAs(alice, "phone"); var bobWs = nodes.get(1).wsAs(bob, "browser")) {
            // Several conversations, so their slots fall on different masters.
            var peers = new ArrayList<TestServer.User>();
            for (int i = 0; i < 6; i++) {
                peers.add(nodes.get(1).user("peer"));
            }
            for (TestServer.User peer : peers) {
                assertThat(text(aliceTcp, "to-" + peer.name(), peer.name()).get("seq").asLong()).isEqualTo(1);
            }
            var acked = new ArrayList<String>();
            for (int i = 1; i <= 20; i++) {
                JsonNode ack = text(aliceTcp, "m" + i, bob.name());
                assertThat(ack.get("seq").asLong()).isEqualTo(i);
                acked.add(ack.get("msgId").asText());
            }
            var pushed = new ArrayList<String>();
            for (int i = 1; i <= 20; i++) {
                pushed.add(bobWs.awaitType("push").at("/message/msgId").asText());
            }
            assertThat(pushed).containsExactlyElementsOf(acked);
            String conversation = text(aliceTcp, "m21", bob.name()).get("conversation").asText();
            bobWs.awaitType("push");

            JsonNode list = bobWs.request("l", frame("conversations"));
            JsonNode summary = list.get("conversations").get(0);
            assertThat(summary.get("conversation").asText()).isEqualTo(conversation);
            assertThat(summary.get("unread").asLong()).isEqualTo(21);
            // The sender has read what she wrote: nothing unread on her side.
            JsonNode mine = aliceTcp.request("l", frame("conversations")).get("conversations");
            mine.forEach(c -> assertThat(c.get("unread").asLong()).as(c.toString()).isZero());

            assertThat(bobWs.request("r", frame("read", "conversation", conversation, "seq", 15)).get("type").asText())
                    .isEqualTo("ok");
            JsonNode receipt = aliceTcp.awaitType("receipt");
            assertThat(receipt.get("seq").asLong()).isEqualTo(15);
            assertThat(bobWs.request("l2", frame("conversations")).at("/conversations/0/unread").asLong()).isEqualTo(6);

            JsonNode sync = bobWs.request("s", frame("sync", "conversation", conversation, "afterSeq", 10));
            assertThat(sync.get("messages")).extracting(m -> m.get("seq").asLong())
                    .containsExactly(11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L, 21L);
            JsonNode again = text(aliceTcp, "m5", bob.name());
            assertThat(again.get("duplicate").asBoolean()).isTrue();
            assertThat(again.get("seq").asLong()).isEqualTo(5);
        }
        // The keys really are spread: every master holds some, and every master has the functions.
        for (RedisServer master : masters) {
            assertThat(Long.parseLong(master.cli("DBSIZE"))).isPositive();
            assertThat(master.cli("FUNCTION", "LIST")).contains("gatewise");
        }
    }

    @Test
    void groupsAndPresenceAcrossNodes() throws Exception {
        var owner = nodes.get(0).user("owner");
        var member = nodes.get(1).user("member");
        try (var ownerClient = nodes.get(0).tcpAs(owner, "d"); var memberClient = nodes.get(1).wsAs(member, "d")) {
            JsonNode status = ownerClient.request("p", frame("presence", "users", List.of(member.name())));
            assertThat(status.at("/users/" + member.name()).asText()).isEqualTo("online");
            String group = ownerClient.request("g", frame("group_create", "name", "sharded",
                    "members", List.of(member.name()))).get("group").asText();
            memberClient.await(f -> f.path("type").asText().equals("push") && f.at("/message/kind").asText().equals("system"));
            JsonNode ack = ownerClient.request("s", frame("send", "group", group, "clientMsgId", "g1",
                    "content", Map.of("text", "to the group")));
            assertThat(ack.get("type").asText()).as(ack.toString()).isEqualTo("ack");
            assertThat(memberClient.await(f -> f.path("type").asText().equals("push")
                    && f.at("/message/kind").asText().equals("text")).at("/message/content/text").asText())
                    .isEqualTo("to the group");
            memberClient.close();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ownerClient.request("p" + System.nanoTime(),
                    frame("presence", "users", List.of(member.name()))).at("/users/" + member.name()).asText())
                    .isEqualTo("offline"));
        }
    }
}
