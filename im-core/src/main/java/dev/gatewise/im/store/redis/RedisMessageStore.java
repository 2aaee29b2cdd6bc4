package dev.gatewise.im.store.redis;

import dev.gatewise.im.message.AppendResult;
import dev.gatewise.im.message.Message;
import dev.gatewise.im.store.MessageStore;
import dev.gatewise.im.message.NewMessage;
import dev.gatewise.im.store.StoredJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import redis.clients.jedis.params.ZAddParams;

/**
 * A conversation is a list of its messages (sequence number N at position N - 1) and, per sender, a
 * sorted set of the client ids stored; one function call ({@code gw_append} in {@code gatewise.lua})
 * dedupes, numbers, stores and records the sender's read position, atomically, in one slot. Appends
 * go through the {@link CommandBatcher}: many per round trip, no thread held.
 */
final class RedisMessageStore implements MessageStore {
    /** Conversations remembered per node (the index marks, the acknowledged floors). */
    private static final int REMEMBERED = 100_000;

    private final Redis redis;
    private final CommandBatcher batcher;
    /** Direct conversations this node has put in both users' indexes (written once, not per message). */
    private final RecentMap<String, Boolean> indexed = new RecentMap<>(REMEMBERED);
    /** The highest sequence number this node has acknowledged per conversation (see {@code gw_append}). */
    private final RecentMap<String, Long> acknowledged = new RecentMap<>(REMEMBERED);

    RedisMessageStore(Redis redis, CommandBatcher batcher) {
        this.redis = redis;
        this.batcher = batcher;
    }

    @Override
    public CompletableFuture<AppendResult> append(NewMessage draft) {
        String conversation = draft.conversation();
        // The stored form has no seq: the position carries it, and the function picks it.
        var message = new Message(UUID.randomUUID().toString(), conversation, 0, draft.from(), draft.to(),
                draft.group(), draft.kind(), draft.content(), draft.clientMsgId(), System.currentTimeMillis());
        String json = new String(StoredJson.write(message), StandardCharsets.UTF_8);
        if (draft.to() != null && indexed.putIfAbsent(conversation, true)) {
            index(draft.from(), conversation, message.ts());
            index(draft.to(), conversation, message.ts());
        }
        Long floor = acknowledged.get(conversation);
        String log = RedisKeys.conversationLog(conversation);
        return batcher.submit(p -> p.fcall(RedisFunctions.APPEND,
                        List.of(log, RedisKeys.conversationSent(conversation, draft.from())),
                        List.of(draft.clientMsgId(), json, floor == null ? "0" : floor.toString())), log)
                .thenApply(reply -> {
                    List<?> result = (List<?>) reply;
                    long seq = (Long) result.get(1);
                    acknowledged.merge(conversation, seq, Math::max);
                    // Redis has applied the write when it answers (how durable that is depends on appendfsync).
                    return (Long) result.get(0) == 1
                            ? new AppendResult(message.withSeq(seq), false)
                            : new AppendResult(parse((String) result.get(2), seq), true);
                });
    }

    /** Adds the conversation to the user's index, in the same flush as (and before) its message. */
    private void index(String user, String conversation, long ts) {
        String key = RedisKeys.directIndex(user);
        batcher.submit(p -> p.zadd(key, ts, conversation, ZAddParams.zAddParams().nx()), key)
                .whenComplete((added, failure) -> {
                    if (failure != null) {
                        indexed.remove(conversation);
                    }
                });
    }

    @Override
    public List<Message> after(String conversation, long afterSeq, int limit) {
        String log = RedisKeys.conversationLog(conversation);
        var messages = new ArrayList<Message>(limit);
        long next = afterSeq;
        while (messages.size() < limit) {
            long from = next;
            int wanted = limit - messages.size();
            List<String> page = redis.call(j -> j.lrange(log, from, from + wanted - 1));
            for (String json : page) {
                next++;
                // Empty entries hold the numbers of messages Redis lost (see gw_append): read on past them.
                if (!json.isEmpty()) {
                    messages.add(parse(json, next));
                }
            }
            if (page.size() < wanted) {
                break;
            }
        }
        return messages;
    }

    @Override
    public long lastSeq(String conversation) {
        return redis.call(j -> j.llen(RedisKeys.conversationLog(conversation)));
    }

    @Override
    public Optional<Message> get(String conversation, long seq) {
        if (seq < 1) {
            return Optional.empty();
        }
        String json = redis.call(j -> j.lindex(RedisKeys.conversationLog(conversation), seq - 1));
        return json == null || json.isEmpty() ? Optional.empty() : Optional.of(parse(json, seq));
    }

    @Override
    public List<String> directConversations(String user) {
        return redis.call(j -> j.zrange(RedisKeys.directIndex(user), 0, -1));
    }

    private static Message parse(String json, long seq) {
        return StoredJson.read(json.getBytes(StandardCharsets.UTF_8), Message.class).withSeq(seq);
    }
}
