package dev.gatewise.im.session;

import dev.gatewise.access.AccessCheck;
import dev.gatewise.access.SessionEnd;
import dev.gatewise.im.store.NodeBus;
import dev.gatewise.im.store.Notices;
import dev.gatewise.im.store.SessionToken;
import dev.gatewise.im.store.TokenStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Issues and checks the one credential of the product: an opaque random token with an expiry,
 * accepted by the chat sockets, the media relay and the file service alike. Ending one (a logout, a revocation)
 * tells this node's {@link SessionWatches} and, through the bus, every other node's. Blocking (store access).
 */
public final class TokenService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration KEEP_EXPIRED = Duration.ofDays(1);

    private final TokenStore store;
    private final Duration ttl;
    private final NodeBus bus;
    private final SessionWatches watches = new SessionWatches();

    /** @param bus where the end of a session is told to the other nodes */
    public TokenService(TokenStore store, Duration ttl, NodeBus bus) {
        this.store = store;
        this.ttl = ttl;
        this.bus = bus;
    }

    /** What rides on this node's sessions; the other nodes' notices of ended sessions go here too. */
    public SessionWatches watches() {
        return watches;
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

    /**
     * Watches the session of {@code token} (see {@link AccessCheck#watch}): registered before the token is read
     * again, so an end between the caller's check and this call is not missed.
     */
    public AccessCheck.Watch watch(String token, Consumer<SessionEnd> ended) {
        String key = hash(token);
        var watch = watches.add(key, ended);
        Optional<SessionToken> session;
        try {
            session = store.get(key);
        } catch (RuntimeException e) {
            watch.close();
            throw e;
        }
        if (session.isEmpty()) {
            watch.fire(SessionEnd.LOGGED_OUT);
        } else {
            watch.expireAt(session.get().expiresAt());
        }
        return watch;
    }

    /** Logs the token out: it stops working, and what rides on it is closed, on every node. */
    public void revoke(String token) {
        String key = hash(token);
        store.remove(key);
        ended(List.of(key), SessionEnd.LOGGED_OUT);
    }

    /** Revokes every session of {@code user} (its own "log out everywhere", or an operator's); returns how many. */
    public int revokeAll(String user) {
        List<String> keys = store.removeAll(user);
        ended(keys, SessionEnd.REVOKED);
        return keys.size();
    }

    private void ended(List<String> keys, SessionEnd why) {
        if (keys.isEmpty()) {
            return;
        }
        keys.forEach(key -> watches.end(key, why));
        bus.broadcast(Notices.sessionsEnded(keys, why.name()));
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
