package dev.gatewise.im;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A TCP client and a WebSocket client talk to each other, as a user would see it. */
class ChatFlowTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static ObjectNodeBuilder text(String to, String clientMsgId, String text) {
        return new ObjectNodeBuilder(frame("send", "to", to, "clientMsgId", clientMsgId,
                "content", Map.of("text", text)));
    }

    record ObjectNodeBuilder(com.fasterxml.jackson.databind.node.ObjectNode node) {}

    @Test
    void tcpAndWebSocketClientsChatBothWays() throws Exception {
        var alice = server.user("alice");
        var bob = server.user("bob");
        try (var aliceTcp = server.tcpAs(alice, "phone"); var bobWs = server.wsAs(bob, "browser")) {
            JsonNode ack = aliceTcp.request("s1", text(bob.name(), "c-1", "hello bob").node());
            assertThat(ack.get("type").asText()).isEqualTo("ack");
            assertThat(ack.get("seq").asLong()).isEqualTo(1);
            assertThat(ack.get("msgId").asText()).isNotBlank();
            assertThat(ack.get("ts").asLong()).isPositive();
            assertThat(ack.get("duplicate").asBoolean()).isFalse();

            JsonNode push = bobWs.awaitType("push").get("message");
            assertThat(push.get("from").asText()).isEqualTo(alice.name());
            assertThat(push.get("content").get("text").asText()).isEqualTo("hello bob");
            assertThat(push.get("msgId").asText()).isEqualTo(ack.get("msgId").asText());
            assertThat(push.get("conversation").asText()).isEqualTo(ack.get("conversation").asText());

            JsonNode reply = bobWs.request("r1", text(alice.name(), "c-9", "hi alice").node());
            assertThat(reply.get("seq").asLong()).isEqualTo(2);
            assertThat(aliceTcp.awaitType("push").get("message").get("content").get("text").asText())
                    .isEqualTo("hi alice");
        }
    }

    /** A client that does not wait for auth_ok: its frames are held, then handled in the order it sent them. */
    @Test
    void framesSentRightAfterAuthAreHandledInOrder() throws Exception {
        var alice = server.user("alice");
        var bob = server.user("bob");
        try (var aliceTcp = server.tcp(); var bobTcp = server.tcpAs(bob, "phone")) {
            aliceTcp.send(frame("auth", "id", "a", "token", alice.token(), "device", "phone"));
            for (int i = 1; i <= 30; i++) {
                var send = text(bob.name(), "burst-" + i, "n" + i).node();
                send.put("id", "s" + i);
                aliceTcp.send(send);
            }
            aliceTcp.send(frame("ping", "id", "p"));
            assertThat(aliceTcp.awaitType("auth_ok").get("user").asText()).isEqualTo(alice.name());
            for (int i = 1; i <= 30; i++) {
                JsonNode ack = aliceTcp.awaitType("ack");
                assertThat(ack.get("id").asText()).isEqualTo("s" + i);
                assertThat(ack.get("seq").asLong()).isEqualTo(i);
            }
            aliceTcp.awaitType("pong");
            for (int i = 1; i <= 30; i++) {
                assertThat(bobTcp.awaitType("push").get("message").get("seq").asLong()).isEqualTo(i);
            }
        }
    }

    @Test
    void resendWithSameClientIdIsAcknowledgedOnceStoredOnce() throws Exception {
        var alice = server.user("alice");
        var bob = server.user("bob");
        try (var aliceTcp = server.tcpAs(alice, "phone"); var bobTcp = server.tcpAs(bob, "phone")) {
            JsonNode first = aliceTcp.request("a", text(bob.name(), "same-id", "once").node());
            JsonNode again = aliceTcp.request("b", text(bob.name(), "same-id", "once").node());
            assertThat(again.get("duplicate").asBoolean()).isTrue();
            assertThat(again.get("msgId").asText()).isEqualTo(first.get("msgId").asText());
            assertThat(again.get("seq").asLong()).isEqualTo(first.get("seq").asLong());
            bobTcp.awaitType("push");
            bobTcp.assertNone(f -> f.path("type").asText().equals("push"), Duration.ofMillis(300));
            JsonNode sync = bobTcp.request("s", frame("sync", "conversation", first.get("conversation").asText()));
            assertThat(sync.get("messages")).hasSize(1);
        }
    }

    @Test
    void sendersOtherDevicesSeeTheSentMessage() throws Exception {
        var alice = server.user("alice");
        var bob = server.user("bob");
        try (var phone = server.tcpAs(alice, "phone"); var laptop = server.wsAs(alice, "laptop");
             var bobWs = server.wsAs(bob, "browser")) {
            JsonNode ack = phone.request("1", text(bob.name(), "x1", "from my phone").node());
            JsonNode echo = laptop.awaitType("push").get("message");
            assertThat(echo.get("msgId").asText()).isEqualTo(ack.get("msgId").asText());
            bobWs.awaitType("push");
            phone.assertNone(f -> f.path("type").asText().equals("push"), Duration.ofMillis(300));
        }
    }

    @Test
    void offlineRecipientCatchesUpBySyncInOrderWithPaging() throws Exception {
        var alice = server.user("alice");
        var bob = server.user("bob");
        String conversation;
        try (var aliceTcp = server.tcpAs(alice, "phone")) {
            conversation = null;
            for (int i = 1; i <= 5; i++) {
                JsonNode ack = aliceTcp.request("m" + i, text(bob.name(), "k" + i, "message " + i).node());
                assertThat(ack.get("seq").asLong()).isEqualTo(i);
                conversation = ack.get("conversation").asText();
            }
        }
        try (var bobWs = server.wsAs(bob, "browser")) {
            JsonNode list = bobWs.request("c", frame("conversations"));
            JsonNode entry = list.get("conversations").get(0);
            assertThat(entry.get("conversation").asText()).isEqualTo(conversation);
            assertThat(entry.get("peer").asText()).isEqualTo(alice.name());
            assertThat(entry.get("unread").asLong()).isEqualTo(5);
            assertThat(entry.get("lastMessage").get("content").get("text").asText()).isEqualTo("message 5");

            JsonNode page1 = bobWs.request("p1", frame("sync", "conversation", conversation, "afterSeq", 0, "limit", 2));
            assertThat(page1.get("messages")).extracting(m -> m.get("seq").asLong()).containsExactly(1L, 2L);
            assertThat(page1.get("hasMore").asBoolean()).isTrue();
            JsonNode page2 = bobWs.request("p2", frame("sync", "conversation", conversation, "afterSeq", 2, "limit", 10));
            assertThat(page2.get("messages")).extracting(m -> m.get("content").get("text").asText())
                    .containsExactly("message 3", "message 4", "message 5");
            assertThat(page2.get("hasMore").asBoolean()).isFalse();
            assertThat(page2.get("lastSeq").asLong()).isEqualTo(5);

            JsonNode history = bobWs.request("h", frame("history", "conversation", conversation, "beforeSeq", 5,
                    "limit", 2));
            assertThat(history.get("messages")).extracting(m -> m.get("seq").asLong()).containsExactly(3L, 4L);
            assertThat(history.get("hasMore").asBoolean()).isTrue();
            JsonNode latest = bobWs.request("h2", frame("history", "conversation", conversation, "limit", 3));
            assertThat(latest.get("messages")).extracting(m -> m.get("seq").asLong()).containsExactly(3L, 4L, 5L);
        }
    }

    @Test
    void readReceiptsMoveUnreadCountsAndTellTheSender() throws Exception {
        var alice = server.user("alice");
        var bob = server.user("bob");
        try (var aliceTcp = server.tcpAs(alice, "phone"); var bobWs = server.wsAs(bob, "browser");
             var bobPhone = server.tcpAs(bob, "phone")) {
            String conversation = null;
            for (int i = 1; i <= 3; i++) {
                conversation = aliceTcp.request("m" + i, text(bob.name(), "r" + i, "m" + i).node())
                        .get("conversation").asText();
            }
            assertThat(bobWs.request("d", frame("delivered", "conversation", conversation, "seq", 3))
                    .get("type").asText()).isEqualTo("ok");
            JsonNode delivered = aliceTcp.awaitType("receipt");
            assertThat(delivered.get("kind").asText()).isEqualTo("delivered");
            assertThat(delivered.get("seq").asLong()).isEqualTo(3);
            assertThat(delivered.get("user").asText()).isEqualTo(bob.name());

            bobWs.request("r", frame("read", "conversation", conversation, "seq", 2));
            JsonNode read = aliceTcp.awaitType("receipt");
            assertThat(read.get("kind").asText()).isEqualTo("read");
            assertThat(read.get("seq").asLong()).isEqualTo(2);
            // Bob's other device hears of it too, so its unread badge follows.
            assertThat(bobPhone.await(f -> f.path("type").asText().equals("receipt")
                    && f.path("kind").asText().equals("read")).get("seq").asLong()).isEqualTo(2);

            JsonNode bobList = bobPhone.request("c", frame("conversations"));
            assertThat(bobList.get("conversations").get(0).get("unread").asLong()).isEqualTo(1);
            JsonNode aliceList = aliceTcp.request("c", frame("conversations"));
            JsonNode aliceEntry = aliceList.get("conversations").get(0);
            assertThat(aliceEntry.get("unread").asLong()).isZero();
            assertThat(aliceEntry.get("peerReadSeq").asLong()).isEqualTo(2);
            assertThat(aliceEntry.get("peerDeliveredSeq").asLong()).isEqualTo(3);

            // Cursors never move back.
            bobWs.request("r0", frame("read", "conversation", conversation, "seq", 1));
            assertThat(bobWs.request("c2", frame("conversations")).get("conversations").get(0).get("readSeq")
                    .asLong()).isEqualTo(2);
        }
    }

    @Test
    void pingIsAnsweredAndUsersCanFindEachOther() throws Exception {
        var carol = server.user("carolfind");
        try (var client = server.tcpAs(carol, "d")) {
            assertThat(client.request("p", frame("ping")).get("type").asText()).isEqualTo("pong");
        }
        var found = server.api("GET", "/api/users?q=carolfind", null, carol.token());
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(found.body()).get("users")).extracting(JsonNode::asText).contains(carol.name());
        assertThat(server.api("GET", "/api/users?q=carol", null, null).statusCode()).isEqualTo(401);
    }
}
