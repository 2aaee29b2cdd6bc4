package dev.gatewise.im.store.redis;

import dev.gatewise.im.message.AppendResult;
import dev.gatewise.im.message.Message;
import dev.gatewise.im.message.MessageStore;
import dev.gatewise.im.message.NewMessage;
import dev.gatewise.im.store.StoredJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import redis.clients.jedis.Response;
import redis.clients.jedis.resps.Tuple;

/**
 * A conversation is a sorted set of its messages scored by sequence number, a counter, and a hash of
 * the client ids already stored. One Lua script does "dedupe + next sequence + store" atomically; the
 * sender's and recipient's direct-conversation indexes ride in the same round trip.
 */
final class RedisMessageStore implements MessageStore {
    private static final String APPEND = """
            local seq = redis.call('HGET', KEYS[3], ARGV[1])
            if seq then
              return {0, tonumber(seq), redis.call('ZRANGEBYSCORE', KEYS[2], seq, seq)[1]}
            end
            seq = redis.call('INCR', KEYS[1])
            redis.call('ZADD', KEYS[2], seq, ARGV[2])
            redis.call('HSET', KEYS[3], ARGV[1], seq)
            return {1, seq}
            """;

    private final Redis redis;

    RedisMessageStore(Redis redis) {
        this.redis = redis;
    }

    @Override
    public CompletableFuture<AppendResult> append(NewMessage draft) {
        String conversation = draft.conversation();
        // The stored form has no seq: the score carries it, and the script picks it.
        var message = new Message(UUID.randomUUID().toString(), conversation, 0, draft.from(), draft.to(),
                draft.group(), draft.kind(), draft.content(), draft.clientMsgId(), System.currentTimeMillis());
        String json = new String(StoredJson.write(message), StandardCharsets.UTF_8);
        @SuppressWarnings("unchecked")
        Response<Object>[] reply = new Response[1];
        redis.pipelined(p -> {
            if (draft.to() != null) {
                p.zadd(RedisKeys.directIndex(draft.from()), message.ts(), conversation);
                p.zadd(RedisKeys.directIndex(draft.to()), message.ts(), conversation);
            }
            reply[0] = p.eval(APPEND,
                    List.of(RedisKeys.conversationSeq(conversation), RedisKeys.conversationMessages(conversation),
                            RedisKeys.conversationSent(conversation)),
                    List.of(draft.from() + RedisKeys.SEP + draft.clientMsgId(), json));
        });
        List<?> result = (List<?>) reply[0].get();
        long seq = (Long) result.get(1);
        // Redis has applied the write when it answers (how durable that is depends on appendfsync).
        if ((Long) result.get(0) == 1) {
            return CompletableFuture.completedFuture(new AppendResult(message.withSeq(seq), false));
        }
        return CompletableFuture.completedFuture(new AppendResult(parse((String) result.get(2), seq), true));
    }

    @Override
    public List<Message> after(String conversation, long afterSeq, int limit) {
        return redis.call(j -> j.zrangeByScoreWithScores(RedisKeys.conversationMessages(conversation),
                "(" + afterSeq, "+inf", 0, limit)).stream().map(RedisMessageStore::parse).toList();
    }

    @Override
    public long lastSeq(String conversation) {
        String seq = redis.call(j -> j.get(RedisKeys.conversationSeq(conversation)));
        return seq == null ? 0 : Long.parseLong(seq);
    }

    @Override
    public Optional<Message> get(String conversation, long seq) {
        return redis.call(j -> j.zrangeByScoreWithScores(RedisKeys.conversationMessages(conversation), seq, seq))
                .stream().findFirst().map(RedisMessageStore::parse);
    }

    @Override
    public List<String> directConversations(String user) {
        return redis.call(j -> j.zrange(RedisKeys.directIndex(user), 0, -1));
    }

    private static Message parse(Tuple tuple) {
        return parse(tuple.getElement(), (long) tuple.getScore());
    }

    private static Message parse(String json, long seq) {
        return StoredJson.read(json.getBytes(StandardCharsets.UTF_8), Message.class).withSeq(seq);
    }
}
