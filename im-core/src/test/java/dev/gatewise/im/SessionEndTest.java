package dev.gatewise.im;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.testing.ChatClient;
import dev.gatewise.im.testing.RedisServer;
import dev.gatewise.im.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A session that ends closes every socket riding on its token (issue 13): a logout, a "log out everywhere", an
 * administrator's revocation and the token's expiry, over TCP and WebSocket, on the node that ended it and on
 * another node of the cluster (two nodes on a real Redis server).
 */
class SessionEndTest {
    static RedisServer redis;
    static TestServer one;
    static TestServer two;

    @BeforeAll
    static void start() throws Exception {
        redis = new RedisServer();
        one = new TestServer(settings -> settings.setAdmins(java.util.List.of("root-admin")), redis.uri());
        two = new TestServer(settings -> {}, redis.uri());
    }

    @AfterAll
    static void stop() {
        one.close();
        two.close();
        redis.close();
    }

    static String login(TestServer server, String name) {
        var login = server.api("POST", "/api/sessions", Map.of("username", name, "password", "secret-pass"), null);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        return TestServer.json(login.body()).get("token").asText();
    }

    /** The socket is told {@code code} (no request id) and closed. */
    static void assertEnded(ChatClient client, String code) {
        JsonNode error = client.await(f -> f.path("type").asText().equals("error"));
        assertThat(error.path("code").asText()).as(error.toString()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        client.awaitClosed();
    }

    static void assertAlive(ChatClient client) {
        assertThat(client.request("p", frame("ping")).path("type").asText()).isEqualTo("pong");
    }

    @Test
    void logoutClosesTheTokensTcpAndWebSocketSocketsOnEveryNode() throws Exception {
        var user = one.user("lena");
        String other = login(one, user.name());
        try (var tcp = one.tcp(); var ws = one.ws(); var remote = two.tcp(); var otherDevice = two.ws()) {
            tcp.auth(user.token(), "laptop");
            ws.auth(user.token(), "browser");
            remote.auth(user.token(), "phone");
            otherDevice.auth(other, "tablet");
            assertAlive(tcp);

            assertThat(one.api("DELETE", "/api/sessions", null, user.token()).statusCode()).isEqualTo(204);
            assertEnded(tcp, "session_ended");
            assertEnded(ws, "session_ended");
            assertEnded(remote, "session_ended");
            // The user's other session goes on.
            assertAlive(otherDevice);
        }
    }

    @Test
    void logoutOnAnotherNodeClosesThisNodesSocket() throws Exception {
        var user = one.user("milo");
        try (var ws = one.ws()) {
            ws.auth(user.token(), "browser");
            assertThat(two.api("DELETE", "/api/sessions", null, user.token()).statusCode()).isEqualTo(204);
            assertEnded(ws, "session_ended");
        }
    }

    @Test
    void logOutEverywhereAndAnAdministratorsRevocationEndEverySession() throws Exception {
        var user = one.user("nora");
        String second = login(two, user.name());
        try (var a = one.tcp(); var b = two.ws()) {
            a.auth(user.token(), "laptop");
            b.auth(second, "phone");
            assertThat(two.api("DELETE", "/api/sessions?all=true", null, second).statusCode()).isEqualTo(204);
            assertEnded(a, "session_ended");
            assertEnded(b, "session_ended");
        }
        assertThat(one.api("GET", "/api/users/me", null, user.token()).statusCode()).isEqualTo(401);

        var admin = registerAdmin();
        String third = login(one, user.name());
        try (var c = two.tcp()) {
            c.auth(third, "desk");
            var notAdmin = one.api("DELETE", "/api/users/" + user.name() + "/sessions", null, third);
            assertThat(notAdmin.statusCode()).isEqualTo(403);
            assertAlive(c);
            var revoked = one.api("DELETE", "/api/users/" + user.name().toUpperCase(java.util.Locale.ROOT)
                    + "/sessions", null, admin);
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
            assertThat(TestServer.json(revoked.body()).get("revoked").asInt()).isEqualTo(1);
            assertEnded(c, "session_ended");
        }
        assertThat(one.api("DELETE", "/api/users/nobody-here/sessions", null, admin).statusCode()).isEqualTo(404);
    }

    private static String registerAdmin() {
        var created = one.api("POST", "/api/users", Map.of("username", "root-admin", "password", "secret-pass"), null);
        assertThat(created.statusCode()).isIn(201, 409);
        return login(one, "root-admin");
    }

    @Test
    void aNodeWithoutTheChatRoleHearsOfSessionsEndedElsewhere() throws Exception {
        try (var stores = new dev.gatewise.im.store.redis.RedisStores(redis.uri(), Duration.ofSeconds(10), 4)) {
            var access = new dev.gatewise.im.access.StoreAccessCheck(stores, new dev.gatewise.im.config.ChatSettings());
            stores.bus().subscribe("media-only", new dev.gatewise.im.cluster.SessionNotices(access.tokens().watches()));
            var user = one.user("pia");
            // The subscription comes up on its own thread: until it does, a notice finds no one.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                String token = login(one, user.name());
                var ended = new java.util.concurrent.CompletableFuture<dev.gatewise.access.SessionEnd>();
                access.watch(token, ended::complete);
                assertThat(one.api("DELETE", "/api/sessions", null, token).statusCode()).isEqualTo(204);
                try {
                    return ended.get(1, java.util.concurrent.TimeUnit.SECONDS)
                            == dev.gatewise.access.SessionEnd.LOGGED_OUT;
                } catch (java.util.concurrent.TimeoutException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void aSocketIsClosedWhenItsTokenExpires() throws Exception {
        try (var shortLived = new TestServer(settings -> settings.setTokenTtl(Duration.ofSeconds(2)), redis.uri())) {
            var user = shortLived.user("olga");
            try (var tcp = shortLived.tcp(); var ws = shortLived.ws()) {
                tcp.auth(user.token(), "laptop");
                ws.auth(user.token(), "browser");
                assertAlive(tcp);
                long start = System.nanoTime();
                assertEnded(tcp, "token_expired");
                assertEnded(ws, "token_expired");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            }
            assertThat(shortLived.node().access().tokens().watches().size()).isZero();
        }
    }
}
