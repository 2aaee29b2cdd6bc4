package dev.gatewise.im.access;

import dev.gatewise.access.SignedUrls;
import dev.gatewise.im.store.ChatStores;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * The node's {@link SignedUrls}, with the one key every node shares through the store: the first node to start
 * stores a random one, the others read it. It stays where the file service first kept it (the {@code files}
 * namespace), so links signed before it moved here still open.
 */
public final class UrlSigning {
    private static final String NAMESPACE = "files";
    private static final String KEY = "k:url-signing-key";

    private UrlSigning() {}

    /** Blocking (a store read, and a write on the first start). */
    public static SignedUrls of(ChatStores stores, Duration ttl) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        var store = stores.keyValue(NAMESPACE);
        store.putIfAbsent(KEY, key);
        return new SignedUrls(store.get(KEY).orElse(key), Clock.systemUTC(), ttl);
    }
}
