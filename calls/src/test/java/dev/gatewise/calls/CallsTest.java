package dev.gatewise.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.testing.ChatClient;
import dev.gatewise.im.testing.TcpChatClient;
import dev.gatewise.im.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Calls over real chat connections: the state machine, who gets which frame, history entries, refusals. */
class CallsTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        var settings = new CallSettings();
        settings.setRingTimeout(Duration.ofSeconds(2));
        settings.getTurn().setSecret("north");
        settings.getTurn().setUrls(List.of("turn:127.0.0.1:3478?transport=udp"));
        server = new TestServer(chat -> {}, (String) null, (node, stores, dir) -> new Calls(node, settings).routes());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Predicate<JsonNode> call(String action, String callId) {
        return f -> f.path("type").asText().equals("call") && f.path("action").asText().equals(action)
                && f.path("callId").asText().equals(callId);
    }

    static Predicate<JsonNode> callEntry(String callId) {
        return f -> f.path("type").asText().equals("push") && f.path("message").path("kind").asText().equals("call")
                && f.path("message").path("content").path("callId").asText().equals(callId);
    }

    static JsonNode request(ChatClient client, Object... keyValues) {
        return client.request(UUID.randomUUID().toString(), ChatClient.frame("call", keyValues));
    }

    static String newCallId() {
        return "c-" + UUID.randomUUID();
    }

    @Test
    void answeredCallRingsEveryDeviceThenSignalsOnlyBetweenTheTwoAndEndsWithItsDuration() throws Exception {
        var alice = server.user("alice");
        var bob = server.user("bob");
        try (TcpChatClient caller = server.tcpAs(alice, "laptop"); TcpChatClient phone = server.tcpAs(bob, "phone");
             TcpChatClient desk = server.tcpAs(bob, "desk")) {
            String id = newCallId();
            assertThat(request(caller, "action", "invite", "callId", id, "to", bob.name(),
                    "media", List.of("audio", "video")).path("type").asText()).isEqualTo("ok");
            for (var device : List.of(phone, desk)) {
                JsonNode invite = device.await(call("invite", id));
                assertThat(invite.path("from").asText()).isEqualTo(alice.name());
                assertThat(invite.path("media").toString()).isEqualTo("[\"audio\",\"video\"]");
            }
            request(phone, "action", "ringing", "callId", id);
            caller.await(call("ringing", id));

            assertThat(request(phone, "action", "accept", "callId", id).path("type").asText()).isEqualTo("ok");
            caller.await(call("accept", id));
            desk.await(call("answered-elsewhere", id));
            // The device that did not answer is out of the call.
            assertThat(request(desk, "action", "accept", "callId", id).path("type").asText()).isEqualTo("ok");
            desk.await(f -> call("answered-elsewhere", id).test(f) && !f.has("id"));
            JsonNode refused = request(desk, "action", "signal", "callId", id, "candidate",
                    Map.of("candidate", "candidate:1 1 udp 1 127.0.0.1 5000 typ host"));
            assertThat(refused.path("code").asText()).isEqualTo("forbidden");

            request(caller, "action", "signal", "callId", id, "sdp", Map.of("type", "offer", "sdp", "v=0\r\n"));
            assertThat(phone.await(call("signal", id)).path("sdp").path("type").asText()).isEqualTo("offer");
            request(phone, "action", "signal", "callId", id, "sdp", Map.of("type", "answer", "sdp", "v=0\r\n"));
            assertThat(caller.await(call("signal", id)).path("sdp").path("type").asText()).isEqualTo("answer");
            request(phone, "action", "signal", "callId", id, "candidate",
                    Map.of("candidate", "candidate:1 1 udp 1 127.0.0.1 5000 typ host", "sdpMid", "0"));
            assertThat(caller.await(call("signal", id)).path("candidate").path("sdpMid").asText()).isEqualTo("0");
            desk.assertNone(call("signal", id), Duration.ofMillis(300));

            request(caller, "action", "hangup", "callId", id);
            phone.await(call("hangup", id));
            for (var device : List.of(caller, phone, desk)) {
                JsonNode entry = device.await(callEntry(id)).path("message");
                assertThat(entry.path("from").asText()).isEqualTo(alice.name());
                assertThat(entry.path("content").path("result").asText()).isEqualTo("ended");
                assertThat(entry.path("content").has("duration")).isTrue();
            }
            // Over: the call is gone, and both may call again.
            assertThat(request(phone, "action", "hangup", "callId", id).path("code").asText()).isEqualTo("not_found");
            String again = newCallId();
            request(phone, "action", "invite", "callId", again, "to", alice.name());
            caller.await(call("invite", again));
            request(phone, "action", "cancel", "callId", again);
            caller.await(call("cancel", again));
            assertThat(caller.await(callEntry(again)).path("message").path("content").path("result").asText())
                    .isEqualTo("missed");
        }
    }

    @Test
    void aCallToAnOfflineUserIsMissedAndStaysInTheHistory() throws Exception {
        var alice = server.user("alice");
        var bob = server.user("bob");
        try (TcpChatClient caller = server.tcpAs(alice, "laptop")) {
            String id = newCallId();
            request(caller, "action", "invite", "callId", id, "to", bob.name());
            assertThat(caller.await(call("missed", id)).path("reason").asText()).isEqualTo("offline");
            caller.await(callEntry(id));
        }
        try (TcpChatClient later = server.tcpAs(bob, "phone")) {
            JsonNode page = later.request("h", ChatClient.frame("history", "conversation",
                    "dm:" + String.join(":", List.of(alice.name(), bob.name()).stream().sorted().toList())));
            JsonNode entry = page.path("messages").get(page.path("messages").size() - 1);
            assertThat(entry.path("kind").asText()).isEqualTo("call");
            assertThat(entry.path("content").path("result").asText()).isEqualTo("missed");
            assertThat(entry.path("content").path("reason").asText()).isEqualTo("offline");
        }
    }

    @Test
    void anUnansweredCallIsMissedAfterTheRingTimeout() throws Exception {
        var alice = server.user("alice");
        var bob = server.user("bob");
        try (TcpChatClient caller = server.tcpAs(alice, "laptop"); TcpChatClient phone = server.tcpAs(bob, "phone")) {
            String id = newCallId();
            request(caller, "action", "invite", "callId", id, "to", bob.name());
            phone.await(call("invite", id));
            assertThat(caller.await(call("missed", id)).path("reason").asText()).isEqualTo("timeout");
            phone.await(call("missed", id));
            assertThat(phone.await(callEntry(id)).path("message").path("content").path("reason").asText())
                    .isEqualTo("timeout");
        }
    }

    @Test
    void aRejectedCallTellsTheCallerAndStopsTheOtherDevices() throws Exception {
        var alice = server.user("alice");
        var bob = server.user("bob");
        try (TcpChatClient caller = server.tcpAs(alice, "laptop"); TcpChatClient phone = server.tcpAs(bob, "phone");
             TcpChatClient desk = server.tcpAs(bob, "desk")) {
            String id = newCallId();
            request(caller, "action", "invite", "callId", id, "to", bob.name());
            desk.await(call("invite", id));
            request(phone, "action", "reject", "callId", id);
            caller.await(call("reject", id));
            desk.await(call("answered-elsewhere", id));
            assertThat(caller.await(callEntry(id)).path("message").path("content").path("result").asText())
                    .isEqualTo("rejected");
        }
    }

    @Test
    void aCalleeInAnotherCallIsBusyAndACallerDroppingEndsTheCall() throws Exception {
        var alice = server.user("alice");
        var bob = server.user("bob");
        var carol = server.user("carol");
        try (TcpChatClient phone = server.tcpAs(bob, "phone"); TcpChatClient third = server.tcpAs(carol, "pad")) {
            String id = newCallId();
            TcpChatClient caller = server.tcpAs(alice, "laptop");
            request(caller, "action", "invite", "callId", id, "to", bob.name());
            phone.await(call("invite", id));
            request(phone, "action", "accept", "callId", id);

            String other = newCallId();
            request(third, "action", "invite", "callId", other, "to", bob.name());
            third.await(call("busy", other));

            caller.close();
            assertThat(phone.await(call("hangup", id)).path("reason").asText()).isEqualTo("disconnected");
            assertThat(phone.await(callEntry(id)).path("message").path("content").path("result").asText())
                    .isEqualTo("ended");
        }
    }

    @Test
    void badInputGetsErrorFramesWithCodes() throws Exception {
        var alice = server.user("alice");
        var bob = server.user("bob");
        var mallory = server.user("mallory");
        try (TcpChatClient caller = server.tcpAs(alice, "laptop"); TcpChatClient phone = server.tcpAs(bob, "phone");
             TcpChatClient intruder = server.tcpAs(mallory, "pc")) {
            String id = newCallId();
            request(caller, "action", "invite", "callId", id, "to", bob.name());
            phone.await(call("invite", id));
            request(phone, "action", "accept", "callId", id);
            caller.await(call("accept", id));

            // A signal, accept or hangup for someone else's call.
            for (String action : List.of("accept", "hangup", "reject")) {
                assertThat(request(intruder, "action", action, "callId", id).path("code").asText())
                        .as(action).isEqualTo("forbidden");
            }
            assertThat(request(intruder, "action", "signal", "callId", id, "sdp",
                    Map.of("type", "offer", "sdp", "v=0")).path("code").asText()).isEqualTo("forbidden");
            assertThat(request(intruder, "action", "signal", "callId", "nope", "sdp",
                    Map.of("type", "offer", "sdp", "v=0")).path("code").asText()).isEqualTo("not_found");
            // An invite flood: one call at a time.
            for (int i = 0; i < 5; i++) {
                assertThat(request(caller, "action", "invite", "callId", newCallId(), "to", mallory.name())
                        .path("code").asText()).isEqualTo("too_many_calls");
            }
            assertThat(request(intruder, "action", "invite", "callId", id, "to", bob.name()).path("code").asText())
                    .isEqualTo("invalid_field");
            // Oversize SDP, unknown actions, missing fields, wrong media, calling oneself or nobody.
            assertThat(request(caller, "action", "signal", "callId", id, "sdp",
                    Map.of("type", "offer", "sdp", "a".repeat(20_000))).path("code").asText()).isEqualTo("invalid_field");
            assertThat(request(caller, "action", "signal", "callId", id, "sdp",
                    Map.of("type", "bogus", "sdp", "v=0")).path("code").asText()).isEqualTo("invalid_field");
            assertThat(request(caller, "action", "signal", "callId", id).path("code").asText())
                    .isEqualTo("invalid_field");
            assertThat(request(caller, "action", "dance", "callId", id).path("code").asText())
                    .isEqualTo("invalid_field");
            assertThat(request(caller, "action", "invite", "to", bob.name()).path("code").asText())
                    .isEqualTo("invalid_field");
            assertThat(request(intruder, "action", "invite", "callId", newCallId(), "to", bob.name(),
                    "media", List.of("video")).path("code").asText()).isEqualTo("invalid_field");
            assertThat(request(intruder, "action", "invite", "callId", newCallId(), "to", mallory.name())
                    .path("code").asText()).isEqualTo("invalid_field");
            assertThat(request(intruder, "action", "invite", "callId", newCallId(), "to", "nobody-here")
                    .path("code").asText()).isEqualTo("not_found");
            // Clients cannot forge call entries.
            JsonNode forged = intruder.request("f", ChatClient.frame("send", "clientMsgId", "x", "to", bob.name(),
                    "kind", "call", "content", Map.of("result", "ended")));
            assertThat(forged.path("code").asText()).isEqualTo("forbidden");
            // The call itself is unharmed.
            request(phone, "action", "hangup", "callId", id);
            caller.await(call("hangup", id));
        }
    }

    @Test
    void turnCredentialsNeedAToken() {
        var alice = server.user("alice");
        var refused = server.api("GET", "/api/turn", null, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(TestServer.json(refused.body()).path("error").asText()).isEqualTo("unauthorized");

        var answer = server.api("GET", "/api/turn", null, alice.token());
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode turn = TestServer.json(answer.body());
        assertThat(turn.path("username").asText()).endsWith(":" + alice.name());
        long expiry = Long.parseLong(turn.path("username").asText().split(":")[0]);
        assertThat(expiry).isGreaterThan(System.currentTimeMillis() / 1000);
        assertThat(turn.path("credential").asText()).isNotEmpty();
        assertThat(turn.path("ttl").asLong()).isEqualTo(6 * 3600);
        assertThat(turn.path("urls").get(0).asText()).isEqualTo("turn:127.0.0.1:3478?transport=udp");
    }
}
