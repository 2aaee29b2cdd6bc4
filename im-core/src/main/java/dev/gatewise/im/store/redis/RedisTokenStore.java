package dev.gatewise.im.store.redis;

import dev.gatewise.im.store.SessionToken;
import dev.gatewise.im.store.TokenStore;
import dev.gatewise.im.store.StoredJson;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import redis.clients.jedis.params.SetParams;

/**
 * Tokens expire in Redis itself, so nothing sweeps them. They are kept a day past their expiry so a
 * client still hears "expired" rather than "unknown".
 */
final class RedisTokenStore implements TokenStore {
    private static final long KEEP_EXPIRED_MILLIS = 24 * 3600 * 1000L;

    private final Redis redis;

    RedisTokenStore(Redis redis) {
        this.redis = redis;
    }

    @Override
    public void put(String tokenHash, SessionToken session) {
        String json = new String(StoredJson.write(session), StandardCharsets.UTF_8);
        redis.run(j -> j.set(RedisKeys.token(tokenHash), json, SetParams.setParams().pxAt(session.expiresAt() + KEEP_EXPIRED_MILLIS)));
    }

    @Override
    public Optional<SessionToken> get(String tokenHash) {
        return Optional.ofNullable(redis.call(j -> j.get(RedisKeys.token(tokenHash))))
                .map(json -> StoredJson.read(json.getBytes(StandardCharsets.UTF_8), SessionToken.class));
    }

    @Override
    public void remove(String tokenHash) {
        redis.run(j -> j.del(RedisKeys.token(tokenHash)));
    }
}
