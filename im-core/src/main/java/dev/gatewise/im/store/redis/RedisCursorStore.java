package dev.gatewise.im.store.redis;

import dev.gatewise.im.message.CursorKind;
import dev.gatewise.im.store.CursorStore;
import java.util.List;

/**
 * Cursors live in their conversation's slot, in one hash. A user's read cursor is also carried by
 * their own messages ({@code gw_append} records them), so sending moves it without another command;
 * the functions in {@code gatewise.lua} read both.
 */
final class RedisCursorStore implements CursorStore {
    private final Redis redis;

    RedisCursorStore(Redis redis) {
        this.redis = redis;
    }

    @Override
    public boolean advance(String user, String conversation, CursorKind kind, long seq) {
        Object moved = redis.call(j -> j.fcall(RedisFunctions.ADVANCE, keys(user, conversation),
                List.of(field(user, kind), Long.toString(seq), kind.name())));
        return Long.valueOf(1).equals(moved);
    }

    @Override
    public long get(String user, String conversation, CursorKind kind) {
        Object seq = redis.call(j -> j.fcallReadonly(RedisFunctions.CURSOR, keys(user, conversation),
                List.of(field(user, kind), kind.name())));
        return (Long) seq;
    }

    /** Nothing to do: the message's append recorded it. */
    @Override
    public void wrote(String user, String conversation, long seq) {
    }

    private static List<String> keys(String user, String conversation) {
        return List.of(RedisKeys.conversationCursors(conversation), RedisKeys.conversationSent(conversation, user));
    }

    private static String field(String user, CursorKind kind) {
        return user + RedisKeys.SEP + kind.name();
    }
}
