package dev.gatewise.im;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Online status across devices, typing notices, heartbeats and idle connections, replaced devices. */
class PresenceTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(s -> s.setIdleTimeout(Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static boolean isPresence(JsonNode frame) {
        return frame.path("type").asText().equals("presence");
    }

    @Test
    void watchersSeeAUserComeOnlineAndGoOfflineWithTheLastDevice() throws Exception {
        var watcher = server.user("watcher");
        var carol = server.user("carol");
        try (var watching = server.tcpAs(watcher, "d")) {
            JsonNode status = watching.request("p", frame("presence", "users", List.of(carol.name(), "nobody")));
            assertThat(status.get("type").asText()).isEqualTo("presence_result");
            assertThat(status.at("/users/" + carol.name()).asText()).isEqualTo("offline");
            assertThat(status.at("/users/nobody").asText()).isEqualTo("offline");
            var pinger = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            pinger.scheduleAtFixedRate(() -> watching.send(frame("ping").toString()), 300, 300,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            try {
                var phone = server.tcpAs(carol, "phone");
                JsonNode online = watching.await(PresenceTest::isPresence);
                assertThat(online.get("user").asText()).isEqualTo(carol.name());
                assertThat(online.get("status").asText()).isEqualTo("online");
                try (var laptop = server.wsAs(carol, "laptop")) {
                    watching.assertNone(PresenceTest::isPresence, Duration.ofMillis(300));
                    phone.close();
                    watching.assertNone(PresenceTest::isPresence, Duration.ofMillis(500));
                    assertThat(watching.request("p2", frame("presence", "users", List.of(carol.name())))
                            .at("/users/" + carol.name()).asText()).isEqualTo("online");
                    laptop.send(frame("ping").toString());
                }
                JsonNode offline = watching.await(PresenceTest::isPresence);
                assertThat(offline.get("status").asText()).isEqualTo("offline");
            } finally {
                pinger.shutdownNow();
            }
        }
    }

    @Test
    void typingReachesThePeerAndIsNotStored() throws Exception {
        var alice = server.user("alice");
        var bob = server.user("bob");
        try (var aliceClient = server.tcpAs(alice, "d"); var bobClient = server.wsAs(bob, "d")) {
            aliceClient.send(frame("typing", "to", bob.name()).toString());
            JsonNode notice = bobClient.awaitType("typing");
            assertThat(notice.get("from").asText()).isEqualTo(alice.name());
            String conversation = notice.get("conversation").asText();
            assertThat(conversation).isEqualTo("dm:" + (alice.name().compareTo(bob.name()) < 0
                    ? alice.name() + ":" + bob.name() : bob.name() + ":" + alice.name()));
            String group = aliceClient.request("g", frame("group_create", "name", "typists",
                    "members", List.of(bob.name()))).get("group").asText();
            aliceClient.send(frame("typing", "group", group).toString());
            assertThat(bobClient.await(f -> f.path("type").asText().equals("typing")
                    && f.path("conversation").asText().equals("g:" + group))).isNotNull();
            assertThat(bobClient.request("s", frame("sync", "conversation", conversation)).get("messages")).isEmpty();
        }
    }

    @Test
    void idleConnectionsAreClosedWhileHeartbeatingOnesStay() throws Exception {
        var user = server.user("idler");
        try (var idle = server.tcpAs(user, "idle"); var alive = server.wsAs(user, "alive")) {
            long until = System.nanoTime() + Duration.ofMillis(2500).toNanos();
            while (System.nanoTime() < until) {
                alive.send(frame("ping").toString());
                Thread.sleep(300);
            }
            JsonNode closing = idle.await(f -> f.path("type").asText().equals("error"));
            assertThat(closing.get("code").asText()).isEqualTo("idle_timeout");
            idle.awaitClosed();
            assertThat(alive.isClosed()).isFalse();
            assertThat(alive.request("still", frame("ping")).get("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void signingInAgainOnTheSameDeviceReplacesTheOldConnectionWithoutFlapping() throws Exception {
        var watcher = server.user("watcher");
        var dave = server.user("dave");
        try (var watching = server.tcpAs(watcher, "d"); var first = server.tcpAs(dave, "phone")) {
            watching.request("p", frame("presence", "users", List.of(dave.name())));
            try (var second = server.wsAs(dave, "phone")) {
                JsonNode replaced = first.await(f -> f.path("type").asText().equals("error"));
                assertThat(replaced.get("code").asText()).isEqualTo("replaced");
                first.awaitClosed();
                assertThat(second.request("s", frame("send", "to", watcher.name(), "clientMsgId", "x",
                        "content", Map.of("text", "from the new connection"))).get("type").asText()).isEqualTo("ack");
                watching.assertNone(PresenceTest::isPresence, Duration.ofMillis(300));
            }
        }
    }
}
