package dev.gatewise.im.store;

import dev.gatewise.im.message.AppendResult;
import dev.gatewise.im.message.Message;
import dev.gatewise.im.message.NewMessage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Messages and the per-conversation sequences that order them. Blocking: call off the event loop.
 * Throws {@link dev.gatewise.im.store.StoreUnavailableException} when the store cannot take the call now.
 */
public interface MessageStore {
    /**
     * Atomically: returns the earlier message if this sender already sent {@code clientMsgId} in the
     * conversation; otherwise assigns the conversation's next sequence number and stores the message.
     * The future completes once the message is durable, so a caller may append more meanwhile (futures
     * of one caller complete in the order of its calls); it fails with a
     * {@link dev.gatewise.im.store.StoreUnavailableException} if the store cannot take the message.
     */
    CompletableFuture<AppendResult> append(NewMessage message);

    /** Up to {@code limit} messages with sequence numbers after {@code afterSeq}, oldest first. */
    List<Message> after(String conversation, long afterSeq, int limit);

    /** The highest sequence number of the conversation, 0 when empty. */
    long lastSeq(String conversation);

    Optional<Message> get(String conversation, long seq);

    /** The direct-message conversations {@code user} has taken part in. */
    List<String> directConversations(String user);
}
