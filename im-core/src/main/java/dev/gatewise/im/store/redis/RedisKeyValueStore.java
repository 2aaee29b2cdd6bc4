package dev.gatewise.im.store.redis;

import dev.gatewise.im.store.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A namespace is a hash of key → value and a lexicographic index of its keys, changed together by scripts. */
final class RedisKeyValueStore implements KeyValueStore {
    private static final String PUT = """
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('ZADD', KEYS[2], 0, ARGV[1])
            return 1
            """;
    private static final String PUT_IF_ABSENT = """
            if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
              redis.call('ZADD', KEYS[2], 0, ARGV[1])
              return 1
            end
            return 0
            """;
    private static final String REMOVE = """
            redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            return 1
            """;

    /** ARGV: number of puts, then key/value pairs, then keys to remove. */
    private static final String UPDATE = """
            local puts = tonumber(ARGV[1])
            for i = 2, 2 * puts, 2 do
              redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
              redis.call('ZADD', KEYS[2], 0, ARGV[i])
            end
            for i = 2 * puts + 2, #ARGV do
              redis.call('HDEL', KEYS[1], ARGV[i])
              redis.call('ZREM', KEYS[2], ARGV[i])
            end
            return 1
            """;
    private static final String ADD = """
            local value = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
            redis.call('ZADD', KEYS[2], 0, ARGV[1])
            return value
            """;

    private final Redis redis;
    private final byte[] values;
    private final byte[] index;
    private final String indexName;

    RedisKeyValueStore(Redis redis, String namespace) {
        this.redis = redis;
        this.values = bytes(RedisKeys.keyValues(namespace));
        this.indexName = RedisKeys.keyValueIndex(namespace);
        this.index = bytes(indexName);
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(redis.call(j -> j.hget(values, bytes(key))));
    }

    @Override
    public void put(String key, byte[] value) {
        script(PUT, key, value);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value) {
        return Long.valueOf(1).equals(script(PUT_IF_ABSENT, key, value));
    }

    @Override
    public void remove(String key) {
        script(REMOVE, key, new byte[0]);
    }

    @Override
    public void update(Map<String, byte[]> puts, Collection<String> removes) {
        var args = new ArrayList<byte[]>();
        args.add(bytes(Integer.toString(puts.size())));
        puts.forEach((key, value) -> {
            args.add(bytes(key));
            args.add(value);
        });
        removes.forEach(key -> args.add(bytes(key)));
        redis.call(j -> j.eval(bytes(UPDATE), List.of(values, index), args));
    }

    @Override
    public long add(String key, long delta) {
        return (Long) redis.call(j -> j.eval(bytes(ADD), List.of(values, index),
                List.of(bytes(key), bytes(Long.toString(delta)))));
    }

    @Override
    public List<Map.Entry<String, byte[]>> scan(String prefix, int limit) {
        List<String> keys = redis.call(j -> j.zrangeByLex(indexName, "[" + prefix, "[" + prefix + "\uffff", 0, limit));
        if (keys.isEmpty()) {
            return List.of();
        }
        byte[][] fields = keys.stream().map(RedisKeyValueStore::bytes).toArray(byte[][]::new);
        List<byte[]> found = redis.call(j -> j.hmget(values, fields));
        var entries = new ArrayList<Map.Entry<String, byte[]>>();
        for (int i = 0; i < keys.size(); i++) {
            if (found.get(i) != null) {
                entries.add(Map.entry(keys.get(i), found.get(i)));
            }
        }
        return entries;
    }

    private Object script(String script, String key, byte[] value) {
        return redis.call(j -> j.eval(bytes(script), List.of(values, index), List.of(bytes(key), value)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
