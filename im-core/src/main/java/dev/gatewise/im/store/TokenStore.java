package dev.gatewise.im.store;

import java.util.List;
import java.util.Optional;

/** Login tokens, keyed by a hash of the token so a leaked store does not leak credentials. Blocking. */
public interface TokenStore {
    void put(String tokenHash, SessionToken session);

    Optional<SessionToken> get(String tokenHash);

    void remove(String tokenHash);

    /** Removes every token of {@code user}; returns their hashes. */
    List<String> removeAll(String user);
}
