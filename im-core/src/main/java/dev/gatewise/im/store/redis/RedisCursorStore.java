package dev.gatewise.im.store.redis;

import dev.gatewise.im.message.CursorKind;
import dev.gatewise.im.message.CursorStore;
import java.util.List;

/** A user's cursors in one hash; a script moves a cursor only forward. */
final class RedisCursorStore implements CursorStore {
    private static final String ADVANCE = """
            local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
            if tonumber(ARGV[2]) > current then
              redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
              return 1
            end
            return 0
            """;

    private final Redis redis;

    RedisCursorStore(Redis redis) {
        this.redis = redis;
    }

    @Override
    public boolean advance(String user, String conversation, CursorKind kind, long seq) {
        Object moved = redis.call(j -> j.eval(ADVANCE, List.of(RedisKeys.cursors(user)),
                List.of(field(conversation, kind), Long.toString(seq))));
        return Long.valueOf(1).equals(moved);
    }

    @Override
    public long get(String user, String conversation, CursorKind kind) {
        String value = redis.call(j -> j.hget(RedisKeys.cursors(user), field(conversation, kind)));
        return value == null ? 0 : Long.parseLong(value);
    }

    private static String field(String conversation, CursorKind kind) {
        return conversation + RedisKeys.SEP + kind.name();
    }
}
