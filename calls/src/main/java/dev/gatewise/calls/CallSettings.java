package dev.gatewise.calls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code gateway.calls.*}: how long a call rings, and the TURN relay clients are sent to. */
public class CallSettings {
    /** An invite nobody answers within this time ends as missed. */
    private Duration ringTimeout = Duration.ofSeconds(45);
    private final Turn turn = new Turn();

    public Duration getRingTimeout() {
        return ringTimeout;
    }

    public void setRingTimeout(Duration ringTimeout) {
        this.ringTimeout = ringTimeout;
    }

    public Turn getTurn() {
        return turn;
    }

    /** coturn's REST API ({@code use-auth-secret}): the shared secret and the URLs clients use. */
    public static class Turn {
        /** coturn's {@code static-auth-secret}; unset, {@code /api/turn} answers 404. */
        private String secret;
        /** For example {@code turn:turn.example.com:3478?transport=udp}. */
        private List<String> urls = new ArrayList<>();
        /** How long a credential works. */
        private Duration ttl = Duration.ofHours(6);

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }

        public List<String> getUrls() {
            return urls;
        }

        public void setUrls(List<String> urls) {
            this.urls = urls;
        }

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }
    }
}
