package dev.gatewise.calls;

import static dev.gatewise.calls.CallsTest.call;
import static dev.gatewise.calls.CallsTest.callEntry;
import static dev.gatewise.calls.CallsTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.im.testing.RedisServer;
import dev.gatewise.im.testing.TcpChatClient;
import dev.gatewise.im.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Caller and callee on two nodes sharing a real Redis server: the call's state and frames cross between them. */
class CallsAcrossNodesTest {
    static RedisServer redis;
    static TestServer one;
    static TestServer two;

    @BeforeAll
    static void start() throws Exception {
        redis = new RedisServer();
        var settings = new CallSettings();
        settings.setRingTimeout(Duration.ofSeconds(2));
        one = new TestServer(chat -> {}, redis.uri(), (node, stores, dir) -> new Calls(node, settings).routes());
        two = new TestServer(chat -> {}, redis.uri(), (node, stores, dir) -> new Calls(node, settings).routes());
    }

    @AfterAll
    static void stop() {
        one.close();
        two.close();
        redis.close();
    }

    @Test
    void aCallBetweenUsersOnTwoNodes() throws Exception {
        var alice = one.user("alice");
        var bob = one.user("bob");
        try (TcpChatClient caller = one.tcpAs(alice, "laptop"); TcpChatClient phone = two.tcpAs(bob, "phone");
             TcpChatClient desk = one.tcpAs(bob, "desk")) {
            String id = "c-" + UUID.randomUUID();
            request(caller, "action", "invite", "callId", id, "to", bob.name(), "media", List.of("audio", "video"));
            phone.await(call("invite", id));
            desk.await(call("invite", id));
            // Answered on the other node than the caller's, and refused to the device on the caller's node.
            request(phone, "action", "accept", "callId", id);
            caller.await(call("accept", id));
            desk.await(call("answered-elsewhere", id));
            assertThat(request(desk, "action", "signal", "callId", id, "sdp", Map.of("type", "offer", "sdp", "v=0"))
                    .path("code").asText()).isEqualTo("forbidden");

            request(caller, "action", "signal", "callId", id, "sdp", Map.of("type", "offer", "sdp", "v=0\r\n"));
            assertThat(phone.await(call("signal", id)).path("sdp").path("type").asText()).isEqualTo("offer");
            request(phone, "action", "signal", "callId", id, "sdp", Map.of("type", "answer", "sdp", "v=0\r\n"));
            assertThat(caller.await(call("signal", id)).path("sdp").path("type").asText()).isEqualTo("answer");
            desk.assertNone(call("signal", id), Duration.ofMillis(300));

            request(phone, "action", "hangup", "callId", id);
            caller.await(call("hangup", id));
            assertThat(caller.await(callEntry(id)).path("message").path("content").path("result").asText())
                    .isEqualTo("ended");
            phone.await(callEntry(id));
        }
    }

    @Test
    void theRingTimeoutOfOneNodeReachesDevicesOnTheOther() throws Exception {
        var alice = one.user("alice");
        var bob = one.user("bob");
        try (TcpChatClient caller = one.tcpAs(alice, "laptop"); TcpChatClient phone = two.tcpAs(bob, "phone")) {
            String id = "c-" + UUID.randomUUID();
            request(caller, "action", "invite", "callId", id, "to", bob.name());
            phone.await(call("invite", id));
            phone.await(call("missed", id));
            caller.await(call("missed", id));
        }
    }
}
