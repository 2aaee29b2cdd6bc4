package dev.gatewise.im.store.embedded;

import dev.gatewise.im.store.StoredJson;
import dev.gatewise.im.message.AppendResult;
import dev.gatewise.im.message.Message;
import dev.gatewise.im.store.MessageStore;
import dev.gatewise.im.message.NewMessage;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.h2.mvstore.MVMap;

/**
 * Messages keyed by conversation and fixed-width sequence number, so a conversation's messages are
 * one ordered range. Appends to one conversation are serialized by a striped lock; the commit that
 * makes them durable is shared with concurrent writers.
 */
final class EmbeddedMessageStore implements MessageStore {
    private static final int LOCK_STRIPES = 256;

    private final MVMap<String, byte[]> messages;
    private final MVMap<String, Long> sequences;
    private final MVMap<String, String> sentByClientId;
    private final MVMap<String, Long> directIndex;
    private final GroupCommitter committer;
    private final Object[] locks = new Object[LOCK_STRIPES];

    EmbeddedMessageStore(MVMap<String, byte[]> messages, MVMap<String, Long> sequences,
                         MVMap<String, String> sentByClientId, MVMap<String, Long> directIndex,
                         GroupCommitter committer) {
        this.messages = messages;
        this.sequences = sequences;
        this.sentByClientId = sentByClientId;
        this.directIndex = directIndex;
        this.committer = committer;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    @Override
    public CompletableFuture<AppendResult> append(NewMessage draft) {
        AppendResult result;
        synchronized (locks[Math.floorMod(draft.conversation().hashCode(), LOCK_STRIPES)]) {
            result = appendLocked(draft);
        }
        // A duplicate waits too: the original may still be on its way to the file.
        return committer.durable().thenApply(durable -> result);
    }

    private AppendResult appendLocked(NewMessage draft) {
        String clientKey = Keys.of(draft.conversation(), draft.from(), draft.clientMsgId());
        String earlier = sentByClientId.get(clientKey);
        if (earlier != null) {
            return new AppendResult(StoredJson.read(messages.get(earlier), Message.class), true);
        }
        long seq = sequences.getOrDefault(draft.conversation(), 0L) + 1;
        long now = System.currentTimeMillis();
        var message = new Message(UUID.randomUUID().toString(), draft.conversation(), seq, draft.from(), draft.to(),
                draft.group(), draft.kind(), draft.content(), draft.clientMsgId(), now);
        String key = Keys.of(draft.conversation(), Keys.seq(seq));
        messages.put(key, StoredJson.write(message));
        sequences.put(draft.conversation(), seq);
        sentByClientId.put(clientKey, key);
        if (draft.to() != null) {
            directIndex.put(Keys.of(draft.from(), draft.conversation()), now);
            directIndex.put(Keys.of(draft.to(), draft.conversation()), now);
        }
        return new AppendResult(message, false);
    }

    @Override
    public List<Message> after(String conversation, long afterSeq, int limit) {
        return Keys.scanFrom(messages, conversation + Keys.SEPARATOR, Keys.of(conversation, Keys.seq(afterSeq + 1)),
                limit, (key, bytes) -> StoredJson.read(bytes, Message.class));
    }

    @Override
    public long lastSeq(String conversation) {
        return sequences.getOrDefault(conversation, 0L);
    }

    @Override
    public Optional<Message> get(String conversation, long seq) {
        return Optional.ofNullable(messages.get(Keys.of(conversation, Keys.seq(seq))))
                .map(bytes -> StoredJson.read(bytes, Message.class));
    }

    @Override
    public List<String> directConversations(String user) {
        return Keys.scan(directIndex, user, Integer.MAX_VALUE, (key, ts) -> Keys.last(key));
    }
}
