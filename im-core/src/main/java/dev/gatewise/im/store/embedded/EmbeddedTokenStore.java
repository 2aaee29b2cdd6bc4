package dev.gatewise.im.store.embedded;

import dev.gatewise.im.store.SessionToken;
import dev.gatewise.im.store.TokenStore;
import dev.gatewise.im.store.StoredJson;
import java.util.List;
import java.util.Optional;

final class EmbeddedTokenStore implements TokenStore {
    private final LogMap tokens;

    EmbeddedTokenStore(LogMap tokens) {
        this.tokens = tokens;
    }

    @Override
    public void put(String tokenHash, SessionToken session) {
        tokens.put(tokenHash, StoredJson.write(session));
    }

    @Override
    public Optional<SessionToken> get(String tokenHash) {
        return Optional.ofNullable(tokens.get(tokenHash)).map(bytes -> StoredJson.read(bytes, SessionToken.class));
    }

    @Override
    public void remove(String tokenHash) {
        tokens.remove(tokenHash);
    }

    @Override
    public List<String> removeAll(String user) {
        List<String> keys = tokens.keysWhere(bytes -> StoredJson.read(bytes, SessionToken.class).user().equals(user));
        keys.forEach(tokens::remove);
        return keys;
    }
}
