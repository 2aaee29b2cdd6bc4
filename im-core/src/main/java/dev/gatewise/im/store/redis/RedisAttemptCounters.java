package dev.gatewise.im.store.redis;

import dev.gatewise.im.store.AttemptCounters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** A counter per key that expires with its window (INCR, PEXPIRE on the first), one script per call. */
final class RedisAttemptCounters implements AttemptCounters {
    private static final byte[] COUNT = bytes("""
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return {n, redis.call('PTTL', KEYS[1])}
            """);
    private static final byte[] PEEK = bytes("""
            return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1])}
            """);

    private final Redis redis;

    RedisAttemptCounters(Redis redis) {
        this.redis = redis;
    }

    @Override
    public Window count(String key, Duration length) {
        return window(redis.call(j -> j.eval(COUNT, List.of(bytes(RedisKeys.attempts(key))),
                List.of(bytes(Long.toString(length.toMillis()))))));
    }

    @Override
    public Window peek(String key) {
        return window(redis.call(j -> j.eval(PEEK, List.of(bytes(RedisKeys.attempts(key))), List.of())));
    }

    @Override
    public void clear(String key) {
        redis.call(j -> j.del(RedisKeys.attempts(key)));
    }

    private static Window window(Object reply) {
        List<?> values = (List<?>) reply;
        long count = (Long) values.get(0);
        return new Window(count, count == 0 ? 0 : Math.max(0, (Long) values.get(1)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
