package dev.gatewise.im;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.testing.ChatClient;
import dev.gatewise.im.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The account REST API over real HTTP: every answer JSON, every refusal with a code and a reason. */
class AccountApiTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode body(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("content-type")).as(response.toString()).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        return TestServer.json(response.body());
    }

    static void assertRefused(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = body(response);
        assertThat(body.path("error").asText()).as(response.body()).isEqualTo(code);
        assertThat(body.path("message").asText()).as(response.body()).isNotBlank();
    }

    static Map<String, String> credentials(String name, String password) {
        return Map.of("username", name, "password", password);
    }

    static void assertSocketRefuses(ChatClient client, String token) {
        client.send(frame("auth", "id", "a", "token", token, "device", "d"));
        JsonNode answer = client.await(f -> true);
        assertThat(answer.get("type").asText()).isEqualTo("error");
        assertThat(answer.get("code").asText()).isEqualTo("auth_failed");
        client.awaitClosed();
    }

    @Test
    void registerLogInAndUseTheToken() throws Exception {
        // Case-insensitive: registered as "Dave-Api", stored and logged in as "dave-api".
        var created = server.api("POST", "/api/users", credentials("Dave-Api", "long enough"), null);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(body(created).get("username").asText()).isEqualTo("dave-api");
        assertRefused(server.api("POST", "/api/users", credentials("dave-api", "another one"), null), 409,
                "username_taken");
        assertRefused(server.api("POST", "/api/users", credentials("DAVE-API", "another one"), null), 409,
                "username_taken");

        long before = System.currentTimeMillis();
        var login = server.api("POST", "/api/sessions", credentials("dave-api", "long enough"), null);
        assertThat(login.statusCode()).isEqualTo(200);
        JsonNode session = body(login);
        String token = session.get("token").asText();
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
        assertThat(session.get("user").asText()).isEqualTo("dave-api");
        assertThat(session.get("expiresAt").asLong()).isGreaterThan(before)
                .isBetween(before + Duration.ofDays(7).toMillis() - 60_000,
                        System.currentTimeMillis() + Duration.ofDays(7).toMillis());
        assertThat(body(server.api("GET", "/api/users/me", null, token)).get("username").asText()).isEqualTo("dave-api");

        // Any spelling of the name logs in, each login with its own token.
        var upper = server.api("POST", "/api/sessions", credentials("DAVE-API", "long enough"), null);
        assertThat(upper.statusCode()).isEqualTo(200);
        assertThat(body(upper).get("user").asText()).isEqualTo("dave-api");
        assertThat(body(upper).get("token").asText()).isNotEqualTo(token);

        // The token opens a chat socket too.
        try (var client = server.tcp()) {
            assertThat(client.auth(token, "phone").get("user").asText()).isEqualTo("dave-api");
        }
        // Only a hash of the password is kept.
        assertThat(server.stores().accounts().find("dave-api").orElseThrow().passwordHash()).startsWith("$argon2id$")
                .doesNotContain("long enough");
    }

    @Test
    void wrongPasswordsAndUnknownUsersLookTheSame() {
        var user = server.user("erin");
        var wrong = server.api("POST", "/api/sessions", credentials(user.name(), "not the password"), null);
        var unknown = server.api("POST", "/api/sessions", credentials("nobody-here", "whatever1"), null);
        assertRefused(wrong, 401, "invalid_credentials");
        assertRefused(unknown, 401, "invalid_credentials");
        assertThat(wrong.body()).isEqualTo(unknown.body());
        // The right password still works: a failed attempt locks nothing.
        assertThat(server.api("POST", "/api/sessions", credentials(user.name(), "secret-pass"), null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void invalidRegistrationsSayWhy() {
        for (String name : new String[] {"ab", "has space", "dm:x:y", "_leading", "x".repeat(33), "", "naïve"}) {
            assertRefused(server.api("POST", "/api/users", credentials(name, "long enough"), null), 400,
                    "invalid_username");
        }
        assertRefused(server.api("POST", "/api/users", credentials("shortpass", "short12"), null), 400,
                "invalid_request");
        assertRefused(server.api("POST", "/api/users", credentials("longpass", "p".repeat(257)), null), 400,
                "invalid_request");
        assertRefused(server.api("POST", "/api/users", Map.of("username", "nopassword"), null), 400,
                "invalid_request");
        assertRefused(server.api("POST", "/api/users", Map.of("username", 5, "password", true), null), 400,
                "invalid_request");
        // None of them was created.
        assertThat(server.stores().accounts().find("shortpass")).isEmpty();
        assertThat(server.stores().accounts().find("nopassword")).isEmpty();
    }

    @Test
    void namesAreCheckedAsTypedBeforeTheyAreNormalised() {
        // Each of these was trimmed or lower-cased into "gina" and registered (issue 13).
        for (String name : new String[] {"GINA\u0000", "GINA\n", " GINA", "GINA ", "GI\u200bNA", "\uff27INA",
                "GINA\u00a0"}) {
            assertRefused(server.api("POST", "/api/users", credentials(name, "long enough"), null), 400,
                    "invalid_username");
        }
        assertThat(server.stores().accounts().find("gina")).isEmpty();

        // The Kelvin sign folds to "k": it neither registers as kname nor logs in with kname's password.
        var kname = server.user("kname");
        assertRefused(server.api("POST", "/api/users", credentials("\u212aNAME", "long enough"), null), 400,
                "invalid_username");
        String kelvin = "\u212a" + kname.name().substring(1).toUpperCase(java.util.Locale.ROOT);
        assertRefused(server.api("POST", "/api/sessions", credentials(kelvin, "secret-pass"), null), 401,
                "invalid_credentials");
        assertRefused(server.api("POST", "/api/sessions", credentials(" " + kname.name(), "secret-pass"), null), 401,
                "invalid_credentials");
        assertThat(server.api("POST", "/api/sessions", credentials(kname.name().toUpperCase(java.util.Locale.ROOT),
                "secret-pass"), null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void namesConfusableWithATakenOneAreTaken() {
        assertThat(server.api("POST", "/api/users", credentials("paypal", "long enough"), null).statusCode())
                .isEqualTo(201);
        for (String name : new String[] {"paypa1", "PAYPAL", "PAYPA1"}) {
            assertRefused(server.api("POST", "/api/users", credentials(name, "long enough"), null), 409,
                    "username_taken");
        }
        assertThat(server.api("POST", "/api/users", credentials("mary-c", "long enough"), null).statusCode())
                .isEqualTo(201);
        assertRefused(server.api("POST", "/api/users", credentials("rnary-c", "long enough"), null), 409,
                "username_taken");
        assertThat(server.stores().accounts().find("paypa1")).isEmpty();
        assertThat(server.stores().accounts().find("rnary-c")).isEmpty();
    }

    @Test
    void malformedBodiesAreRefused() {
        assertRefused(server.api("POST", "/api/users", "{not json", null), 400, "invalid_request");
        assertRefused(server.api("POST", "/api/sessions", "{not json", null), 400, "invalid_request");
        assertRefused(server.api("POST", "/api/users", "[1, 2]", null), 400, "invalid_request");
        assertRefused(server.api("POST", "/api/sessions", "", null), 400, "invalid_request");
    }

    @Test
    void logoutEndsTheTokenEverywhere() throws Exception {
        var user = server.user("frank");
        var other = server.api("POST", "/api/sessions", credentials(user.name(), "secret-pass"), null);
        String otherToken = body(other).get("token").asText();

        var logout = server.api("DELETE", "/api/sessions", null, user.token());
        assertThat(logout.statusCode()).isEqualTo(204);
        assertRefused(server.api("GET", "/api/users/me", null, user.token()), 401, "unauthorized");
        assertRefused(server.api("DELETE", "/api/sessions", null, user.token()), 401, "unauthorized");
        try (var tcp = server.tcp()) {
            assertSocketRefuses(tcp, user.token());
        }
        try (var ws = server.ws()) {
            assertSocketRefuses(ws, user.token());
        }
        // The user's other session is untouched.
        assertThat(body(server.api("GET", "/api/users/me", null, otherToken)).get("username").asText())
                .isEqualTo(user.name());
    }

    @Test
    void meNeedsAValidToken() {
        assertRefused(server.api("GET", "/api/users/me", null, null), 401, "unauthorized");
        assertRefused(server.api("GET", "/api/users/me", null, "made-up-token"), 401, "unauthorized");
        assertRefused(server.api("DELETE", "/api/sessions", null, null), 401, "unauthorized");
    }

    @Test
    void usersFindEachOtherByPrefix() {
        var searcher = server.user("grace");
        for (int i = 0; i < 3; i++) {
            assertThat(server.api("POST", "/api/users", credentials("zz-findme-" + i, "long enough"), null)
                    .statusCode()).isEqualTo(201);
        }
        server.api("POST", "/api/users", credentials("zz-other", "long enough"), null);
        JsonNode found = body(server.api("GET", "/api/users?q=zz-findme&limit=2", null, searcher.token()));
        assertThat(found.get("users")).extracting(JsonNode::asText).containsExactly("zz-findme-0", "zz-findme-1");
        JsonNode all = body(server.api("GET", "/api/users?q=ZZ-FINDME", null, searcher.token()));
        assertThat(all.get("users")).extracting(JsonNode::asText)
                .containsExactly("zz-findme-0", "zz-findme-1", "zz-findme-2");
        JsonNode none = body(server.api("GET", "/api/users?q=zz-nothing", null, searcher.token()));
        assertThat(none.get("users")).isEmpty();
        assertRefused(server.api("GET", "/api/users?q=zz", null, null), 401, "unauthorized");
        assertRefused(server.api("GET", "/api/users?q=zz&limit=x", null, searcher.token()), 400, "invalid_request");
    }

    @Test
    void unknownPathsAndPlainHttpOnTheSocketPath() {
        assertRefused(server.api("GET", "/api/nothing", null, null), 404, "not_found");
        assertRefused(server.api("PUT", "/api/users", "{}", null), 404, "not_found");
        assertRefused(server.api("GET", "/ws", null, null), 400, "upgrade_required");
    }

    @Test
    void bodiesOverOneMebibyteAreRefused() {
        var huge = server.api("POST", "/api/users", "{\"username\":\"" + "x".repeat(1024 * 1024) + "\"}", null);
        assertRefused(huge, 413, "too_large");
        // The server is fine afterwards.
        assertThat(server.api("POST", "/api/users", credentials("after-huge", "long enough"), null).statusCode())
                .isEqualTo(201);
    }
}
