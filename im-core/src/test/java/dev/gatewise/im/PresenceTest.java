package dev.gatewise.im;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.session.Transport;
import dev.gatewise.im.testing.ChatClient;
import dev.gatewise.im.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Online status across devices, typing notices, heartbeats and idle connections, replaced devices. */
class PresenceTest {
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);
    /** Long enough that nothing here reaches it; a negative assertion waits this long for a frame not to come. */
    static final Duration QUIET = Duration.ofMillis(250);

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static boolean isPresence(JsonNode frame) {
        return frame.path("type").asText().equals("presence");
    }

    static boolean isTyping(JsonNode frame) {
        return frame.path("type").asText().equals("typing");
    }

    /** Waits until the server holds exactly {@code count} connections of the user. */
    static void awaitConnections(TestServer on, TestServer.User user, int count) {
        await().atMost(ChatClient.WAIT).pollInterval(Duration.ofMillis(10))
                .until(() -> on.node().connections().of(user.name()).size() == count);
    }

    @Test
    void watchersSeeAUserComeOnlineWithTheFirstDeviceAndGoOfflineWithTheLast() throws Exception {
        var watcher = server.user("watcher");
        var carol = server.user("carol");
        try (var watching = server.tcpAs(watcher, "d")) {
            JsonNode status = watching.request("p", frame("presence", "users", List.of(carol.name(), "nobody")));
            assertThat(status.get("type").asText()).isEqualTo("presence_result");
            assertThat(status.get("users").size()).isEqualTo(2);
            assertThat(status.at("/users/" + carol.name()).asText()).isEqualTo("offline");
            assertThat(status.at("/users/nobody").asText()).isEqualTo("offline");

            var phone = server.tcpAs(carol, "phone");
            JsonNode online = watching.await(PresenceTest::isPresence);
            assertThat(online.get("user").asText()).isEqualTo(carol.name());
            assertThat(online.get("status").asText()).isEqualTo("online");
            assertThat(online.get("ts").asLong()).isPositive();
            assertThat(watching.request("p1", frame("presence", "users", List.of(carol.name())))
                    .at("/users/" + carol.name()).asText()).isEqualTo("online");

            try (var laptop = server.wsAs(carol, "laptop")) {
                awaitConnections(server, carol, 2);
                phone.close();
                awaitConnections(server, carol, 1);
                // Neither the second device arriving nor the first leaving changes anything for watchers.
                watching.assertNone(PresenceTest::isPresence, QUIET);
                assertThat(watching.request("p2", frame("presence", "users", List.of(carol.name())))
                        .at("/users/" + carol.name()).asText()).isEqualTo("online");
                assertThat(laptop.request("still", frame("ping")).get("type").asText()).isEqualTo("pong");
            }
            JsonNode offline = watching.await(PresenceTest::isPresence);
            assertThat(offline.get("user").asText()).isEqualTo(carol.name());
            assertThat(offline.get("status").asText()).isEqualTo("offline");
            assertThat(watching.request("p3", frame("presence", "users", List.of(carol.name())))
                    .at("/users/" + carol.name()).asText()).isEqualTo("offline");

            // And back again.
            try (var again = server.wsAs(carol, "phone")) {
                assertThat(watching.await(PresenceTest::isPresence).get("status").asText()).isEqualTo("online");
            }
            assertThat(watching.await(PresenceTest::isPresence).get("status").asText()).isEqualTo("offline");
        }
    }

    @Test
    void onlyWatchingConnectionsAreTold() throws Exception {
        var watcher = server.user("watcher");
        var bystander = server.user("bystander");
        var erin = server.user("erin");
        try (var watching = server.tcpAs(watcher, "watching"); var notWatching = server.wsAs(watcher, "other");
             var unrelated = server.tcpAs(bystander, "d")) {
            watching.request("p", frame("presence", "users", List.of(erin.name())));
            try (var erinClient = server.tcpAs(erin, "d")) {
                assertThat(watching.await(PresenceTest::isPresence).get("user").asText()).isEqualTo(erin.name());
            }
            assertThat(watching.await(PresenceTest::isPresence).get("status").asText()).isEqualTo("offline");
            notWatching.assertNone(PresenceTest::isPresence, QUIET);
            unrelated.assertNone(PresenceTest::isPresence, Duration.ZERO);
        }
    }

    @Test
    void namesAreCaseInsensitiveForPresenceToo() throws Exception {
        var watcher = server.user("watcher");
        var fay = server.user("fay");
        try (var watching = server.tcpAs(watcher, "d")) {
            JsonNode status = watching.request("p", frame("presence", "users", List.of(fay.name().toUpperCase())));
            assertThat(status.at("/users/" + fay.name()).asText()).isEqualTo("offline");
            try (var fayClient = server.tcpAs(fay, "d")) {
                JsonNode online = watching.await(PresenceTest::isPresence);
                assertThat(online.get("user").asText()).isEqualTo(fay.name());
                assertThat(online.get("status").asText()).isEqualTo("online");
                assertThat(watching.request("p2", frame("presence", "users", List.of(fay.name().toUpperCase())))
                        .at("/users/" + fay.name()).asText()).isEqualTo("online");
            }
        }
    }

    @Test
    void aConnectionWatchesAtMostAThousandUsersHoweverOftenItAsks() throws Exception {
        var watcher = server.user("watcher");
        List<String> first = IntStream.range(0, 500).mapToObj(i -> "contact-" + i).toList();
        List<String> second = IntStream.range(500, 1000).mapToObj(i -> "contact-" + i).toList();
        try (var watching = server.tcpAs(watcher, "d")) {
            // A client refreshing its contact list asks about the same users again and again.
            for (int i = 0; i < 3; i++) {
                JsonNode status = watching.request("again" + i, frame("presence", "users", first));
                assertThat(status.get("type").asText()).as(status.toString()).isEqualTo("presence_result");
                assertThat(status.get("users").size()).isEqualTo(500);
            }
            assertThat(watching.request("more", frame("presence", "users", second)).get("type").asText())
                    .isEqualTo("presence_result");
            assertThat(watching.request("known", frame("presence", "users", List.of("CONTACT-7", "contact-999")))
                    .get("type").asText()).isEqualTo("presence_result");
            JsonNode tooMany = watching.request("over", frame("presence", "users", List.of("contact-1000")));
            assertThat(tooMany.get("type").asText()).isEqualTo("error");
            assertThat(tooMany.get("code").asText()).isEqualTo("invalid_field");
            // The refusal leaves the connection as it was.
            assertThat(watching.request("ping", frame("ping")).get("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void typingReachesThePeersAndIsNotStored() throws Exception {
        var alice = server.user("alice");
        var bob = server.user("bob");
        var cat = server.user("cat");
        try (var aliceClient = server.tcpAs(alice, "d"); var bobPhone = server.wsAs(bob, "phone");
             var bobLaptop = server.tcpAs(bob, "laptop"); var catClient = server.tcpAs(cat, "d")) {
            String dm = "dm:" + (alice.name().compareTo(bob.name()) < 0
                    ? alice.name() + ":" + bob.name() : bob.name() + ":" + alice.name());
            aliceClient.send(frame("typing", "to", bob.name()));
            for (ChatClient client : List.of(bobPhone, bobLaptop)) {
                JsonNode notice = client.await(PresenceTest::isTyping);
                assertThat(notice.get("conversation").asText()).isEqualTo(dm);
                assertThat(notice.get("from").asText()).isEqualTo(alice.name());
            }

            String group = aliceClient.request("g", frame("group_create", "name", "typists",
                    "members", List.of(bob.name(), cat.name()))).get("group").asText();
            bobPhone.send(frame("typing", "group", group));
            for (ChatClient client : List.of(aliceClient, catClient)) {
                JsonNode notice = client.await(PresenceTest::isTyping);
                assertThat(notice.get("conversation").asText()).isEqualTo("g:" + group);
                assertThat(notice.get("from").asText()).isEqualTo(bob.name());
            }
            bobPhone.assertNone(PresenceTest::isTyping, QUIET);
            aliceClient.assertNone(PresenceTest::isTyping, Duration.ZERO);
            catClient.assertNone(f -> isTyping(f) && f.path("conversation").asText().equals(dm), Duration.ZERO);

            // Typing to someone who does not exist is answered as a send would be.
            JsonNode nobody = aliceClient.request("t-nobody", frame("typing", "to", "nobody-" + alice.name()));
            assertThat(nobody.get("type").asText()).isEqualTo("error");
            assertThat(nobody.get("code").asText()).isEqualTo("not_found");

            // Typing leaves nothing behind: no message, no conversation.
            JsonNode dmSync = bobPhone.request("s", frame("sync", "conversation", dm));
            assertThat(dmSync.get("messages")).isEmpty();
            assertThat(dmSync.get("lastSeq").asLong()).isZero();
            JsonNode groupSync = catClient.request("s", frame("sync", "conversation", "g:" + group));
            assertThat(groupSync.get("messages")).extracting(m -> m.at("/content/event").asText())
                    .containsExactly("group_created");
            assertThat(bobLaptop.request("c", frame("conversations")).get("conversations"))
                    .extracting(c -> c.get("conversation").asText()).containsExactly("g:" + group);
            bobPhone.assertNone(f -> f.path("type").asText().equals("push") && !f.at("/message/kind").asText()
                    .equals("system"), Duration.ZERO);
        }
    }

    @Test
    void idleConnectionsAreClosedWhileHeartbeatingOnesStay() throws Exception {
        try (var idleServer = new TestServer(s -> s.setIdleTimeout(IDLE_TIMEOUT))) {
            var idler = idleServer.user("idler");
            var keeper = idleServer.user("keeper");
            try (var alive = idleServer.wsAs(keeper, "alive")) {
                alive.request("watch", frame("presence", "users", List.of(idler.name())));
                try (var idle = idleServer.tcpAs(idler, "idle")) {
                    long start = System.nanoTime();
                    long idleClosedAfter = -1;
                    // The keeper pings every 300 ms until the idler is gone and twice the timeout has passed.
                    while (idleClosedAfter < 0 || System.nanoTime() - start < IDLE_TIMEOUT.multipliedBy(2).toNanos()) {
                        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(ChatClient.WAIT);
                        alive.send(frame("ping"));
                        Thread.sleep(300);
                        if (idleClosedAfter < 0 && idle.isClosed()) {
                            idleClosedAfter = System.nanoTime() - start;
                        }
                    }
                    JsonNode closing = idle.await(f -> f.path("type").asText().equals("error"));
                    assertThat(closing.get("code").asText()).isEqualTo("idle_timeout");
                    assertThat(closing.get("message").asText()).isNotBlank();
                    assertThat(Duration.ofNanos(idleClosedAfter)).isGreaterThan(IDLE_TIMEOUT.minusMillis(100));
                }
                assertThat(alive.isClosed()).isFalse();
                assertThat(alive.poll(f -> f.path("type").asText().equals("error"), Duration.ZERO)).isEmpty();
                assertThat(alive.request("still", frame("ping")).get("type").asText()).isEqualTo("pong");
                assertThat(idleServer.node().connections().of(keeper.name())).hasSize(1);
                // Watchers saw the idle user come and, with its only device closed for idleness, go.
                JsonNode online = alive.await(PresenceTest::isPresence);
                assertThat(online.get("user").asText()).isEqualTo(idler.name());
                assertThat(online.get("status").asText()).isEqualTo("online");
                assertThat(alive.await(PresenceTest::isPresence).get("status").asText()).isEqualTo("offline");
            }
        }
    }

    @Test
    void signingInAgainOnTheSameDeviceReplacesTheOldConnectionWithoutFlapping() throws Exception {
        var watcher = server.user("watcher");
        var dave = server.user("dave");
        try (var watching = server.tcpAs(watcher, "d"); var first = server.tcpAs(dave, "phone")) {
            assertThat(watching.request("p", frame("presence", "users", List.of(dave.name())))
                    .at("/users/" + dave.name()).asText()).isEqualTo("online");
            // Through Redis pub/sub, the notice of Dave's first sign-in (sent before the watch began) can still
            // arrive now; it says what the answer said. Only what follows the replacement is under test.
            watching.poll(PresenceTest::isPresence, QUIET);
            try (var second = server.wsAs(dave, "phone")) {
                JsonNode replaced = first.await(f -> f.path("type").asText().equals("error"));
                assertThat(replaced.get("code").asText()).isEqualTo("replaced");
                first.awaitClosed();
                awaitConnections(server, dave, 1);
                assertThat(server.node().connections().of(dave.name()))
                        .allMatch(c -> c.transport() == Transport.WEBSOCKET);

                // The new connection works both ways.
                JsonNode ack = second.request("s", frame("send", "to", watcher.name(), "clientMsgId", "x",
                        "content", Map.of("text", "from the new connection")));
                assertThat(ack.get("type").asText()).isEqualTo("ack");
                assertThat(watching.await(f -> f.at("/message/content/text").asText()
                        .equals("from the new connection"))).isNotNull();
                watching.request("r", frame("send", "to", dave.name(), "clientMsgId", "y",
                        "content", Map.of("text", "got it")));
                assertThat(second.await(f -> f.at("/message/content/text").asText().equals("got it"))).isNotNull();

                // Dave never looked offline (nor online again) to his watcher.
                watching.assertNone(PresenceTest::isPresence, QUIET);
                assertThat(watching.request("p2", frame("presence", "users", List.of(dave.name())))
                        .at("/users/" + dave.name()).asText()).isEqualTo("online");
            }
            // When the replacing connection goes, so does Dave.
            assertThat(watching.await(PresenceTest::isPresence).get("status").asText()).isEqualTo("offline");
        }
    }
}
