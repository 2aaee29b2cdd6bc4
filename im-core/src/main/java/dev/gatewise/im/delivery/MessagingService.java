package dev.gatewise.im.delivery;

import dev.gatewise.access.UserNames;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.account.AccountService;
import dev.gatewise.im.store.GroupStore;
import dev.gatewise.im.message.AppendResult;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.store.CursorStore;
import dev.gatewise.im.message.Message;
import dev.gatewise.im.message.MessagePage;
import dev.gatewise.im.store.MessageStore;
import dev.gatewise.im.message.NewMessage;
import dev.gatewise.im.metrics.ChatMetrics;
import dev.gatewise.im.protocol.ClientFrame;
import dev.gatewise.im.protocol.EncodedFrame;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ErrorFrame;
import dev.gatewise.im.protocol.ProtocolException;
import dev.gatewise.im.protocol.ServerFrame;
import dev.gatewise.im.session.Connection;
import dev.gatewise.im.store.ChatStores;
import dev.gatewise.im.store.StoreUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sending, and reading back: a message is stored durably, acknowledged, then pushed to every
 * connection of every participant (the sender's other devices included). Sync and history read the
 * store, so whatever a push missed is one sync away.
 */
public final class MessagingService {
    private static final Logger log = LoggerFactory.getLogger(MessagingService.class);

    private final ChatStores stores;
    private final MessageStore messages;
    private final CursorStore cursors;
    private final GroupStore groups;
    private final AccountService accounts;
    private final ConversationAccess access;
    private final Fanout fanout;
    private final ChatMetrics metrics;
    private final Map<String, MessageKindPolicy> policies = new ConcurrentHashMap<>();

    public MessagingService(ChatStores stores, AccountService accounts, ConversationAccess access, Fanout fanout,
                            ChatMetrics metrics) {
        this.stores = stores;
        this.messages = stores.messages();
        this.cursors = stores.cursors();
        this.groups = stores.groups();
        this.accounts = accounts;
        this.access = access;
        this.fanout = fanout;
        this.metrics = metrics;
    }

    /** Lets a module own a message kind; {@code system} is the server's own and cannot be taken. */
    public void registerKind(String kind, MessageKindPolicy policy) {
        if (kind.equals("system") || policies.putIfAbsent(kind, policy) != null) {
            throw new IllegalArgumentException("message kind '" + kind + "' is taken");
        }
    }

    /**
     * Whether this send can be handled on the sender's event loop now: no module's policy (which may block) checks
     * its kind, the store is not backlogged, and its lookups need no store call: on a store that answers from
     * memory, any send; on any store, a direct message to a user already looked up (the append and the fan-out
     * are queued, never waited for).
     */
    public boolean sendsWithoutWaiting(String kind, String to) {
        if (policies.containsKey(kind) || stores.backlogged()) {
            return false;
        }
        return stores.answersFromMemory() || to != null && accounts.knownToExist(UserNames.normalize(to));
    }

    /**
     * How a sender hears what became of a send, before anyone is pushed it: on its connection's event loop, in the
     * order of its sends.
     */
    public interface Outcome {
        /** Stored (or stored before: {@code result.duplicate()}). */
        void stored(AppendResult result);

        /** Not stored; {@code retry} if the store was unavailable rather than broken. */
        void failed(boolean retry);
    }

    /**
     * Stores the message and, once it is durable, tells the sender ({@code outcome}) and pushes it. Does not wait
     * for the store: the connection's next frames are handled meanwhile, and their messages share commits.
     */
    public void send(Connection sender, String to, String group, String kind, JsonNode content, String clientMsgId,
                     long arrivedNanos, Outcome outcome) {
        CompletableFuture<Stored> stored = store(sender.user(), to, group, kind, content, clientMsgId, true);
        // The event loop whichever thread handled the send, so a connection's acks keep the order of its sends.
        stored.whenCompleteAsync((done, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                log.warn("Could not store a message from {}: {}", sender, cause.toString());
                outcome.failed(cause instanceof StoreUnavailableException);
                return;
            }
            outcome.stored(done.result());
            // Pushes that may wait on the store (a group's members, a policy's hook) go to the worker; so does any
            // push while the worker has work of this connection's, so a conversation's pushes keep their order.
            if ((stores.answersFromMemory() || done.conversation().isDirect() && done.policy() == null)
                    && sender.workerIdle()) {
                deliver(done, sender, arrivedNanos);
            } else {
                sender.onWorker(() -> deliver(done, sender, arrivedNanos));
            }
        }, sender.channel().eventLoop());
    }

    /**
     * Sends a message on a user's behalf, as if their client had (the media relay announcing their
     * live stream, for instance); pushed to every device, the user's own included.
     */
    public Message postAs(String user, String to, String group, String kind, JsonNode content) {
        Stored stored = await(store(user, to, group, kind, content, "server-" + UUID.randomUUID(), false));
        deliver(stored, null, 0);
        return stored.result().message();
    }

    /** @param fromClient whether a client sent it (the kind's policy checks those) or a module of the server */
    private CompletableFuture<Stored> store(String sender, String rawTo, String group, String kind, JsonNode content,
                         String clientMsgId, boolean fromClient) {
        ConversationId conversation;
        String to = null;
        if (rawTo != null) {
            to = UserNames.normalize(rawTo);
            if (!accounts.exists(to)) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "no user '" + rawTo + "'");
            }
            conversation = ConversationId.direct(sender, to);
        } else {
            conversation = ConversationId.group(group);
            // One lookup when all is well; the second only tells a refusal's two reasons apart.
            if (groups.role(group, sender).isEmpty()) {
                throw groups.find(group).isEmpty()
                        ? new ProtocolException(ErrorCode.NOT_FOUND, "no group '" + group + "'")
                        : new ProtocolException(ErrorCode.FORBIDDEN, "you are not a member of group " + group);
            }
        }
        if (kind.equals("system")) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "system messages are written by the server");
        }
        MessageKindPolicy policy = fromClient ? policies.get(kind) : null;
        JsonNode stored = policy == null ? content : policy.check(sender, conversation, content);
        return append(new NewMessage(conversation.value(), sender, to, group, kind, stored, clientMsgId))
                .thenApply(result -> new Stored(conversation, result, policy));
    }

    /**
     * What follows a new message's storage: the sender's read cursor, the kind's policy, the pushes.
     * The message is already safe, so a failure here is logged, not reported: clients catch up by sync.
     */
    private void deliver(Stored stored, Connection senderConnection, long arrivedNanos) {
        if (stored.result().duplicate()) {
            return;
        }
        Message message = stored.result().message();
        try {
            // Writing a message means having read the conversation up to it.
            cursors.wrote(message.from(), message.conversation(), message.seq());
            if (stored.policy() != null) {
                stored.policy().stored(message);
            }
            push(stored.conversation(), message, senderConnection, arrivedNanos);
        } catch (RuntimeException e) {
            log.warn("Message {} in {} is stored but its delivery failed; recipients will get it by sync",
                    message.msgId(), message.conversation(), e);
        }
    }

    private record Stored(ConversationId conversation, AppendResult result, MessageKindPolicy policy) {}

    /** Stores and pushes a message the server writes itself (group events); returns it. */
    public Message post(ConversationId conversation, String from, String kind, JsonNode content,
                        List<String> alsoNotify) {
        var draft = new NewMessage(conversation.value(), from, null, conversation.group(), kind, content,
                "server-" + UUID.randomUUID());
        Message message = await(append(draft)).message();
        push(conversation, message, null, 0);
        if (!alsoNotify.isEmpty()) {
            fanout.toUsers(alsoNotify, EncodedFrame.of(new ServerFrame.Push(message)), null, 0);
        }
        return message;
    }

    private CompletableFuture<AppendResult> append(NewMessage draft) {
        long start = System.nanoTime();
        return messages.append(draft).thenApply(result -> {
            if (!result.duplicate()) {
                metrics.messageStored(System.nanoTime() - start);
            }
            return result;
        });
    }

    /** Waits for a store call on behalf of a caller that needs its answer now (server-written messages). */
    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void push(ConversationId conversation, Message message, Connection except, long arrivedNanos) {
        fanout.toUsers(access.participants(conversation), EncodedFrame.of(new ServerFrame.Push(message)), except,
                arrivedNanos);
    }

    /** Up to {@code limit} messages after {@code afterSeq}, for a reader of the conversation. */
    public MessagePage sync(String reader, String conversation, long afterSeq, int limit) {
        access.check(reader, conversation);
        List<Message> page = messages.after(conversation, afterSeq, limit + 1);
        boolean hasMore = page.size() > limit;
        return new MessagePage(conversation, hasMore ? page.subList(0, limit) : page, hasMore,
                messages.lastSeq(conversation));
    }

    /**
     * Up to {@code limit} messages before {@code beforeSeq}, for a reader of the conversation. Sequence numbers
     * have no gaps, so the page is a known range.
     */
    public MessagePage history(String reader, String conversation, long beforeSeq, int limit) {
        access.check(reader, conversation);
        long lastSeq = messages.lastSeq(conversation);
        long end = Math.min(beforeSeq, lastSeq + 1);
        long start = Math.max(1, end - limit);
        List<Message> page = end > start ? messages.after(conversation, start - 1, (int) (end - start))
                : List.of();
        return new MessagePage(conversation, page, start > 1, lastSeq);
    }
}
