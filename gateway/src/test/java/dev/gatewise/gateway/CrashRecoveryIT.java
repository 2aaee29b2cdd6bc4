package dev.gatewise.gateway;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.testing.TcpChatClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise: a message acknowledged to its sender survives kill -9 of the gateway, and
 * after the restart every recipient gets it exactly once, in order.
 */
class CrashRecoveryIT {
    /** The senders here go as fast as acks allow, well past the default per-connection rate limit. */
    static final String[] UNLIMITED = {"--gateway.chat.rate-limit-per-second=1000000",
        "--gateway.chat.rate-limit-burst=1000000"};

    @TempDir
    Path temp;

    @Test
    void everyAcknowledgedMessageSurvivesKill9RightAfterItsAck() throws Exception {
        Path data = temp.resolve("data");
        List<JsonNode> acked = new ArrayList<>();
        String alice;
        String bob;
        String groupId;
        try (var gateway = new GatewayProcess(data, UNLIMITED).start()) {
            alice = GatewayIT.login(gateway, "alice");
            bob = GatewayIT.login(gateway, "bob");
            GatewayIT.login(gateway, "carol");
            try (var client = gateway.tcp()) {
                client.auth(alice, "phone");
                groupId = client.request("g", frame("group_create", "name", "crew", "members", List.of("bob", "carol")))
                        .get("group").asText();
                for (int i = 1; i <= 100; i++) {
                    var send = i % 2 == 0 ? frame("send", "to", "bob") : frame("send", "group", groupId);
                    send.put("clientMsgId", "m" + i).set("content", FrameJson.MAPPER.createObjectNode().put("text", "message " + i));
                    JsonNode ack = client.request("s" + i, send);
                    assertThat(ack.get("type").asText()).as(ack.toString()).isEqualTo("ack");
                    acked.add(ack);
                }
                // The moment the last ack is in: no graceful anything.
                gateway.kill9();
            }
        }
        try (var gateway = new GatewayProcess(data, UNLIMITED).start(); TcpChatClient bobClient = gateway.tcp()) {
            bobClient.auth(bob, "laptop");
            for (String conversation : acked.stream().map(a -> a.get("conversation").asText()).distinct().toList()) {
                List<JsonNode> expected = acked.stream()
                        .filter(a -> a.get("conversation").asText().equals(conversation)).toList();
                JsonNode sync = bobClient.request("sync-" + conversation, frame("sync", "conversation", conversation,
                        "afterSeq", 0, "limit", 200));
                List<String> ids = new ArrayList<>();
                List<Long> seqs = new ArrayList<>();
                for (JsonNode message : sync.get("messages")) {
                    if (!message.get("kind").asText().equals("system")) {
                        ids.add(message.get("msgId").asText());
                    }
                    seqs.add(message.get("seq").asLong());
                }
                assertThat(ids).containsExactlyElementsOf(expected.stream().map(a -> a.get("msgId").asText()).toList());
                assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
                for (int i = 0; i < seqs.size(); i++) {
                    assertThat(seqs.get(i)).isEqualTo(i + 1L);
                }
            }
            // A resend of an acknowledged message after the crash is still recognized as a duplicate.
            try (var aliceClient = gateway.tcp()) {
                aliceClient.auth(alice, "phone");
                var resend = frame("send", "to", "bob", "clientMsgId", "m100", "content", Map.of("text", "message 100"));
                JsonNode ack = aliceClient.request("again", resend);
                assertThat(ack.get("duplicate").asBoolean()).isTrue();
                assertThat(ack.get("msgId").asText()).isEqualTo(acked.get(99).get("msgId").asText());
            }
        }
    }

    @Test
    void messagesAcknowledgedWhileSendersRaceTheKillAreAllThere() throws Exception {
        Path data = temp.resolve("race");
        List<JsonNode> acked = java.util.Collections.synchronizedList(new ArrayList<>());
        String bob;
        try (var gateway = new GatewayProcess(data, UNLIMITED).start()) {
            bob = GatewayIT.login(gateway, "bob");
            List<String> senders = List.of(GatewayIT.login(gateway, "ann"), GatewayIT.login(gateway, "ben"),
                    GatewayIT.login(gateway, "cat"));
            var stop = new AtomicBoolean();
            var threads = new ArrayList<Thread>();
            for (int s = 0; s < senders.size(); s++) {
                String token = senders.get(s);
                int sender = s;
                var thread = new Thread(() -> {
                    try (var client = gateway.tcp()) {
                        client.auth(token, "d");
                        for (int i = 0; !stop.get(); i++) {
                            client.send(frame("send", "id", "s" + i, "to", "bob", "clientMsgId", "c" + sender + "-" + i,
                                    "content", Map.of("text", "race " + i)));
                            JsonNode answer = client.next();
                            if (answer.path("type").asText().equals("ack")) {
                                acked.add(answer);
                            }
                        }
                    } catch (Throwable e) {
                        // The kill cuts the connection mid-request: expected.
                    }
                });
                thread.start();
                threads.add(thread);
            }
            Thread.sleep(1500);
            gateway.kill9();
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(15_000);
            }
        }
        assertThat(acked).hasSizeGreaterThan(30);
        try (var gateway = new GatewayProcess(data, UNLIMITED).start(); var bobClient = gateway.tcp()) {
            bobClient.auth(bob, "laptop");
            for (String conversation : acked.stream().map(a -> a.get("conversation").asText()).distinct().toList()) {
                var expectedIds = acked.stream().filter(a -> a.get("conversation").asText().equals(conversation))
                        .map(a -> a.get("msgId").asText()).toList();
                var stored = new ArrayList<String>();
                long after = 0;
                while (true) {
                    JsonNode page = bobClient.request("p" + conversation + after, frame("sync", "conversation",
                            conversation, "afterSeq", after, "limit", 200));
                    for (JsonNode message : page.get("messages")) {
                        assertThat(message.get("seq").asLong()).isEqualTo(after + 1);
                        after = message.get("seq").asLong();
                        stored.add(message.get("msgId").asText());
                    }
                    if (!page.get("hasMore").asBoolean()) {
                        break;
                    }
                }
                assertThat(stored).containsAll(expectedIds);
                assertThat(new HashSet<>(stored)).hasSameSizeAs(stored);
            }
        }
    }
}
