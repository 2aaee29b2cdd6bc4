package dev.gatewise.im.store.redis;

import dev.gatewise.im.store.SessionToken;
import dev.gatewise.im.store.TokenStore;
import dev.gatewise.im.store.StoredJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.params.SetParams;

/**
 * Tokens expire in Redis itself, so nothing sweeps them. They are kept a day past their expiry so a
 * client still hears "expired" rather than "unknown". Each user's set of token hashes (to revoke them all) expires
 * with the newest; a hash left there by a logout or an expiry is only a key that is already gone.
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
        long until = session.expiresAt() + KEEP_EXPIRED_MILLIS;
        redis.run(j -> j.set(RedisKeys.token(tokenHash), json, SetParams.setParams().pxAt(until)));
        String of = RedisKeys.tokensOf(session.user());
        redis.pipelined(p -> List.of(p.sadd(of, tokenHash), p.pexpireAt(of, until)));
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

    @Override
    public List<String> removeAll(String user) {
        String of = RedisKeys.tokensOf(user);
        var removed = new ArrayList<String>();
        for (String hash : redis.call(j -> j.smembers(of))) {
            if (redis.call(j -> j.del(RedisKeys.token(hash))) > 0) {
                removed.add(hash);
            }
        }
        redis.run(j -> j.del(of));
        return removed;
    }
}
