package dev.gatewise.calls.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {
    @Test
    void usernameIsExpiryColonUserAndCredentialIsBase64HmacSha1OfIt() {
        var clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
        var turn = new TurnCredentials("north", List.of("turn:127.0.0.1:3478"), Duration.ofHours(1), clock);

        var server = turn.issue("alice");

        assertThat(server.username()).isEqualTo("1700003600:alice");
        // python3: base64.b64encode(hmac.new(b'north', b'1700003600:alice', hashlib.sha1).digest())
        assertThat(server.credential()).isEqualTo("wjwSXO2ch1B6VaLTLMy2Avn5O9o=");
        assertThat(server.ttl()).isEqualTo(3600);
        assertThat(server.urls()).containsExactly("turn:127.0.0.1:3478");
    }
}
