package dev.gatewise.im.store.redis;

import dev.gatewise.im.store.Account;
import dev.gatewise.im.store.AccountStore;
import dev.gatewise.im.store.StoredJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.params.SetParams;

/** Accounts as JSON strings, plus a lexicographic index (a sorted set with equal scores) for search. */
final class RedisAccountStore implements AccountStore {
    private final Redis redis;

    RedisAccountStore(Redis redis) {
        this.redis = redis;
    }

    @Override
    public boolean create(Account account) {
        String json = new String(StoredJson.write(account), StandardCharsets.UTF_8);
        boolean created = redis.call(j -> j.set(RedisKeys.account(account.username()), json, SetParams.setParams().nx()))
                != null;
        if (created) {
            redis.run(j -> j.zadd(RedisKeys.accountIndex(), 0, account.username()));
        }
        return created;
    }

    @Override
    public Optional<Account> find(String username) {
        return Optional.ofNullable(redis.call(j -> j.get(RedisKeys.account(username))))
                .map(json -> StoredJson.read(json.getBytes(StandardCharsets.UTF_8), Account.class));
    }

    @Override
    public List<String> search(String prefix, int limit) {
        // Names are ASCII, so every name with the prefix sorts below prefix + U+00FF.
        return redis.call(j -> j.zrangeByLex(RedisKeys.accountIndex(), "[" + prefix, "[" + prefix + "\u00ff", 0,
                limit));
    }
}
