package dev.gatewise.calls.turn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials as coturn's REST API ({@code use-auth-secret}) checks them: the user name is
 * {@code EXPIRY:USER} (expiry in Unix seconds) and the password base64(HMAC-SHA1(secret, user name)), so coturn needs
 * no account database, only the shared secret.
 */
public final class TurnCredentials {
    private final byte[] secret;
    private final List<String> urls;
    private final Duration ttl;
    private final Clock clock;

    public TurnCredentials(String secret, List<String> urls, Duration ttl, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.urls = List.copyOf(urls);
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The answer of {@code GET /api/turn}: also the shape of an RTCIceServer, plus {@code ttl} in seconds. */
    public record TurnServer(List<String> urls, String username, String credential, long ttl) {}

    public TurnServer issue(String user) {
        long expiry = clock.instant().getEpochSecond() + ttl.toSeconds();
        String username = expiry + ":" + user;
        return new TurnServer(urls, username, sign(username), ttl.toSeconds());
    }

    String sign(String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
