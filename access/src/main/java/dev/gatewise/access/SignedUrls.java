package dev.gatewise.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * URLs that carry their own permission, for places that cannot send a header (an {@code <img>} tag, a native video
 * player, ffmpeg): {@code EXPIRES} (epoch seconds) and {@code SIGNATURE = HMAC-SHA256(key, RESOURCE "\n" EXPIRES)},
 * base64url. A file's query carries them as {@code ?expires=…&signature=…}; a stream's path as one segment
 * {@code EXPIRES.SIGNATURE}, which relative URIs in its playlists inherit. The key is shared by every node through
 * the store, so a URL signed on one node opens on all. Whoever signs has checked that the caller may read the
 * resource; whoever verifies only checks the signature and the expiry.
 */
public final class SignedUrls {
    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration ttl;

    public SignedUrls(byte[] key, Clock clock, Duration ttl) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.clock = clock;
        this.ttl = ttl;
    }

    /** What opens {@code resource} until the TTL runs out. */
    public Signed sign(String resource) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        return new Signed(expires, signature(resource, expires));
    }

    public boolean verify(String resource, String expires, String signature) {
        if (expires == null || signature == null) {
            return false;
        }
        long at;
        try {
            at = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return false;
        }
        return at > clock.instant().getEpochSecond() && MessageDigest.isEqual(
                signature(resource, at).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether {@code token} ({@link Signed#token()}) opens {@code resource} now. */
    public boolean verifyToken(String resource, String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        return dot > 0 && verify(resource, token.substring(0, dot), token.substring(dot + 1));
    }

    /** When a URL that expires at {@code expiresSeconds} was signed (with this TTL), epoch milliseconds. */
    public long signedAt(long expiresSeconds) {
        return expiresSeconds * 1000 - ttl.toMillis();
    }

    private String signature(String resource, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((resource + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param expires epoch seconds */
    public record Signed(long expires, String signature) {

        /** What to append to a file's URL after {@code ?}. */
        public String query() {
            return "expires=" + expires + "&signature=" + signature;
        }

        /** One path segment: never a stream name, which has no dot. */
        public String token() {
            return expires + "." + signature;
        }

        /** Epoch milliseconds. */
        public long expiresAt() {
            return expires * 1000;
        }
    }
}
