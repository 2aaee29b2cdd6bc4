package dev.gatewise.im.session;

import dev.gatewise.im.store.SessionToken;
import dev.gatewise.im.store.TokenStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Issues and checks the one credential of the product: an opaque random token with an expiry,
 * accepted by the chat sockets, the media relay and the file service alike. Blocking (store access).
 */
public final class TokenService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration KEEP_EXPIRED = Duration.ofDays(1);

    private final TokenStore store;
    private final Duration ttl;

    public TokenService(TokenStore store, Duration ttl) {
        this.store = store;
        this.ttl = ttl;
    }

    public LoginToken issue(String user) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long expiresAt = System.currentTimeMillis() + ttl.toMillis();
        store.put(hash(token), new SessionToken(user, expiresAt));
        return new LoginToken(token, user, expiresAt);
    }

    /** The session a token stands for, if the token was issued here (expired or not). */
    public Optional<SessionToken> lookup(String token) {
        if (token == null || token.isEmpty() || token.length() > 512) {
            return Optional.empty();
        }
        String key = hash(token);
        Optional<SessionToken> session = store.get(key);
        // Expired tokens are kept a day, so clients keep hearing "expired" rather than "unknown".
        session.filter(s -> s.expiredAt(System.currentTimeMillis() - KEEP_EXPIRED.toMillis()))
                .ifPresent(s -> store.remove(key));
        return session;
    }

    /** The user a valid, unexpired token stands for. */
    public Optional<String> authenticate(String token) {
        return lookup(token).filter(s -> !s.expiredAt(System.currentTimeMillis())).map(SessionToken::user);
    }

    public void revoke(String token) {
        store.remove(hash(token));
    }

    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
