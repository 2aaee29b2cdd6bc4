package dev.gatewise.im.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.account.AccountService;
import dev.gatewise.im.group.GroupStore;
import dev.gatewise.im.message.AppendResult;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.message.CursorStore;
import dev.gatewise.im.message.Message;
import dev.gatewise.im.message.MessageStore;
import dev.gatewise.im.message.NewMessage;
import dev.gatewise.im.metrics.ChatMetrics;
import dev.gatewise.im.protocol.ClientFrame;
import dev.gatewise.im.protocol.EncodedFrame;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ErrorFrame;
import dev.gatewise.im.protocol.ProtocolException;
import dev.gatewise.im.protocol.ServerFrame;
import dev.gatewise.im.session.Connection;
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

    private final MessageStore messages;
    private final CursorStore cursors;
    private final GroupStore groups;
    private final AccountService accounts;
    private final ConversationAccess access;
    private final Fanout fanout;
    private final ChatMetrics metrics;
    private final Map<String, MessageKindPolicy> policies = new ConcurrentHashMap<>();

    public MessagingService(MessageStore messages, CursorStore cursors, GroupStore groups, AccountService accounts,
                            ConversationAccess access, Fanout fanout, ChatMetrics metrics) {
        this.messages = messages;
        this.cursors = cursors;
        this.groups = groups;
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
     * Stores the message and, once it is durable, acknowledges it and pushes it. Does not wait for the
     * store: the connection's next frames are handled meanwhile, and their messages share commits.
     */
    public void send(Connection sender, ClientFrame.Send frame, long arrivedNanos) {
        CompletableFuture<Stored> stored;
        try {
            stored = store(sender.user(), frame.to(), frame.group(), frame.kind(), frame.content(),
                    frame.clientMsgId(), true);
        } catch (ProtocolException e) {
            throw e.requestId() != null ? e : new ProtocolException(e.code(), e.getMessage(), frame.id());
        }
        // Back on the connection's own worker, so its acks keep the order of its sends.
        stored.whenCompleteAsync((done, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                log.warn("Could not store a message from {}: {}", sender, cause.toString());
                sender.send(new ErrorFrame(frame.id(), cause instanceof StoreUnavailableException ? ErrorCode.RETRY
                        : ErrorCode.INTERNAL, "the message was not stored; send it again"));
                return;
            }
            Message message = done.result().message();
            sender.send(new ServerFrame.Ack(frame.id(), message.clientMsgId(), message.msgId(),
                    message.conversation(), message.seq(), message.ts(), done.result().duplicate()));
            deliver(done, sender, arrivedNanos);
        }, sender.worker());
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
            to = AccountService.normalize(rawTo);
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

    public ServerFrame.MessagePage sync(Connection reader, ClientFrame.Sync frame) {
        access.check(reader.user(), frame.conversation(), frame.id());
        List<Message> page = messages.after(frame.conversation(), frame.afterSeq(), frame.limit() + 1);
        boolean hasMore = page.size() > frame.limit();
        return new ServerFrame.MessagePage("sync_result", frame.id(), frame.conversation(),
                hasMore ? page.subList(0, frame.limit()) : page, hasMore, messages.lastSeq(frame.conversation()));
    }

    /** Sequence numbers have no gaps, so the page before {@code beforeSeq} is a known range. */
    public ServerFrame.MessagePage history(Connection reader, ClientFrame.History frame) {
        access.check(reader.user(), frame.conversation(), frame.id());
        long lastSeq = messages.lastSeq(frame.conversation());
        long end = Math.min(frame.beforeSeq(), lastSeq + 1);
        long start = Math.max(1, end - frame.limit());
        List<Message> page = end > start ? messages.after(frame.conversation(), start - 1, (int) (end - start))
                : List.of();
        return new ServerFrame.MessagePage("history_result", frame.id(), frame.conversation(), page, start > 1,
                lastSeq);
    }
}
