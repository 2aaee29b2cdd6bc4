package dev.gatewise.files.access;

import dev.gatewise.files.storage.FileId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Download URLs that carry their own permission, for places that cannot send a header (an {@code <img>} tag):
 * {@code ?expires=EPOCH_SECONDS&signature=HMAC-SHA256(key, ID "\n" EXPIRES)}. The key is shared by every node through
 * the store, so a URL signed on one node opens on all.
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

    /** The query string that opens {@code id} until the TTL runs out. */
    public Signed sign(FileId id) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        return new Signed("expires=" + expires + "&signature=" + signature(id, expires), expires * 1000);
    }

    public boolean verify(FileId id, String expires, String signature) {
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
                signature(id, at).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(FileId id, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((id.value() + "\n" + expires).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param query what to append to the file's URL; @param expiresAt epoch milliseconds */
    public record Signed(String query, long expiresAt) {}
}
