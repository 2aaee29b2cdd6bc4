package dev.gatewise.im;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.testing.TestServer;
import java.net.http.HttpResponse;
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
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        return TestServer.json(response.body());
    }

    static void assertRefused(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = body(response);
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
    }

    static Map<String, String> credentials(String name, String password) {
        return Map.of("username", name, "password", password);
    }

    @Test
    void registerLogInAndUseTheToken() {
        var created = server.api("POST", "/api/users", credentials("Dave1", "long enough"), null);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(body(created).get("username").asText()).isEqualTo("dave1");
        assertRefused(server.api("POST", "/api/users", credentials("DAVE1", "another one"), null), 409,
                "username_taken");

        var login = server.api("POST", "/api/sessions", credentials("dave1", "long enough"), null);
        assertThat(login.statusCode()).isEqualTo(200);
        JsonNode session = body(login);
        String token = session.get("token").asText();
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
        assertThat(session.get("user").asText()).isEqualTo("dave1");
        assertThat(session.get("expiresAt").asLong()).isGreaterThan(System.currentTimeMillis());
        assertThat(body(server.api("GET", "/api/users/me", null, token)).get("username").asText()).isEqualTo("dave1");
        assertThat(server.stores().accounts().find("dave1").orElseThrow().passwordHash()).startsWith("$argon2id$")
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
    }

    @Test
    void invalidRegistrationsSayWhy() {
        assertRefused(server.api("POST", "/api/users", credentials("ab", "long enough"), null), 400, "invalid_request");
        assertRefused(server.api("POST", "/api/users", credentials("has space", "long enough"), null), 400,
                "invalid_request");
        assertRefused(server.api("POST", "/api/users", credentials("dm:x:y", "long enough"), null), 400,
                "invalid_request");
        assertRefused(server.api("POST", "/api/users", credentials("shortpass", "short"), null), 400,
                "invalid_request");
        assertRefused(server.api("POST", "/api/users", "{not json", null), 400, "invalid_request");
        assertRefused(server.api("POST", "/api/users", Map.of("username", 5, "password", true), null), 400,
                "invalid_request");
    }

    @Test
    void logoutEndsTheTokenEverywhere() throws Exception {
        var user = server.user("frank");
        assertThat(server.api("DELETE", "/api/sessions", null, user.token()).statusCode()).isEqualTo(204);
        assertRefused(server.api("GET", "/api/users/me", null, user.token()), 401, "unauthorized");
        try (var client = server.tcp()) {
            client.send(frame("auth", "id", "a", "token", user.token()).toString());
            assertThat(client.next().get("code").asText()).isEqualTo("auth_failed");
            client.awaitClosed();
        }
    }

    @Test
    void usersFindEachOtherByPrefix() {
        var searcher = server.user("grace");
        for (int i = 0; i < 3; i++) {
            server.api("POST", "/api/users", credentials("zz-findme-" + i, "long enough"), null);
        }
        JsonNode found = body(server.api("GET", "/api/users?q=zz-findme&limit=2", null, searcher.token()));
        assertThat(found.get("users")).extracting(JsonNode::asText).containsExactly("zz-findme-0", "zz-findme-1");
        assertRefused(server.api("GET", "/api/users?q=zz", null, null), 401, "unauthorized");
        assertRefused(server.api("GET", "/api/users?q=zz&limit=x", null, searcher.token()), 400, "invalid_request");
    }

    @Test
    void unknownPathsPlainHttpOnTheSocketPathAndHugeBodies() {
        assertRefused(server.api("GET", "/api/nothing", null, null), 404, "not_found");
        assertRefused(server.api("PUT", "/api/users", "{}", null), 404, "not_found");
        assertRefused(server.api("GET", "/ws", null, null), 400, "upgrade_required");
        var huge = server.api("POST", "/api/users", "{\"username\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}", null);
        assertThat(huge.statusCode()).isEqualTo(413);
    }
}
