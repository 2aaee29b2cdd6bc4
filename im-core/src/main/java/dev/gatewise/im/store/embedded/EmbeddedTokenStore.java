package dev.gatewise.im.store.embedded;

import dev.gatewise.im.store.StoredJson;
import dev.gatewise.im.store.SessionToken;
import dev.gatewise.im.store.TokenStore;
import java.util.Optional;
import org.h2.mvstore.MVMap;

final class EmbeddedTokenStore implements TokenStore {
    private final MVMap<String, byte[]> tokens;
    private final GroupCommitter committer;

    EmbeddedTokenStore(MVMap<String, byte[]> tokens, GroupCommitter committer) {
        this.tokens = tokens;
        this.committer = committer;
    }

    @Override
    public void put(String tokenHash, SessionToken session) {
        tokens.put(tokenHash, StoredJson.write(session));
        committer.awaitDurable();
    }

    @Override
    public Optional<SessionToken> get(String tokenHash) {
        return Optional.ofNullable(tokens.get(tokenHash)).map(bytes -> StoredJson.read(bytes, SessionToken.class));
    }

    @Override
    public void remove(String tokenHash) {
        if (tokens.remove(tokenHash) != null) {
            committer.awaitDurable();
        }
    }
}
