package dev.gatewise.im;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.testing.RedisServer;
import dev.gatewise.im.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Failed logins are throttled per account and per client address, before any password is hashed, on every node
 * sharing the store. The client's address comes from nginx's X-Real-IP (the test's loopback peer is a trusted proxy),
 * a fresh one per test so counters that outlive a run in the shared Redis never meet the next run.
 */
class LoginThrottleTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private static TestServer server(String redisUri, Duration window) throws Exception {
        return new TestServer(settings -> {
            settings.setLoginFailuresPerAccount(5);
            settings.setLoginFailuresPerAddress(8);
            settings.setLoginThrottleWindow(window);
        }, redisUri);
    }

    private static String freshAddress() {
        var random = ThreadLocalRandom.current();
        return "2001:db8:" + Integer.toHexString(random.nextInt(0xffff)) + "::" + Integer.toHexString(random.nextInt(0xffff));
    }

    private HttpResponse<String> login(TestServer server, String user, String password, String address)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/api/sessions"))
                .header("X-Real-IP", address)
                .POST(HttpRequest.BodyPublishers.ofString(FrameJson.MAPPER.writeValueAsString(
                        Map.of("username", user, "password", password))))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAccountIsThrottledFromEveryAddressWithoutHashingAndOpensAgainAfterTheWindow() throws Exception {
        try (var server = server(null, Duration.ofSeconds(4))) {
            var user = server.user("thr");
            String attacker = freshAddress();
            long failing = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                assertThat(login(server, user.name(), "guess-" + i, attacker).statusCode()).isEqualTo(401);
            }
            failing = System.nanoTime() - failing;

            long throttled = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                var refused = login(server, user.name(), i == 4 ? "secret-pass" : "guess", attacker);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
                assertThat(TestServer.json(refused.body()).get("error").asText()).isEqualTo("rate_limited");
                assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
                        .isBetween(1L, 4L);
            }
            throttled = System.nanoTime() - throttled;
            // Five refusals without a KDF run take far less than five Argon2id checks.
            assertThat(throttled).isLessThan(failing / 2);

            // The account is throttled from anywhere, even with the right password...
            assertThat(login(server, user.name(), "secret-pass", freshAddress()).statusCode()).isEqualTo(429);
            // ...other accounts are not...
            var other = server.user("thr");
            assertThat(login(server, other.name(), "secret-pass", attacker).statusCode()).isEqualTo(200);
            // ...and once the window has passed, the right password works again.
            Thread.sleep(4_200);
            assertThat(login(server, user.name(), "secret-pass", freshAddress()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anAddressIsThrottledForEveryAccountAndEveryNodeOfACluster() throws Exception {
        var redis = RedisServer.shared();
        try (var node1 = server(redis.uri(), Duration.ofMinutes(5));
             var node2 = server(redis.uri(), Duration.ofMinutes(5))) {
            var user = node1.user("thr");
            String attacker = freshAddress();
            for (int i = 0; i < 8; i++) {
                var node = i % 2 == 0 ? node1 : node2;
                assertThat(login(node, "nobody-" + i + "-" + user.name(), "guess", attacker).statusCode())
                        .isEqualTo(401);
            }
            for (var node : new TestServer[] {node1, node2}) {
                var refused = login(node, user.name(), "secret-pass", attacker);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            }
            assertThat(login(node2, user.name(), "secret-pass", freshAddress()).statusCode()).isEqualTo(200);
        }
    }
}
