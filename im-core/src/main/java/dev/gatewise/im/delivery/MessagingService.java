package dev.gatewise.im.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.account.AccountService;
import dev.gatewise.im.group.GroupStore;
import dev.gatewise.im.message.AppendResult;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.message.CursorKind;
import dev.gatewise.im.message.CursorStore;
import dev.gatewise.im.message.Message;
import dev.gatewise.im.message.MessageStore;
import dev.gatewise.im.message.NewMessage;
import dev.gatewise.im.metrics.ChatMetrics;
import dev.gatewise.im.protocol.ClientFrame;
import dev.gatewise.im.protocol.EncodedFrame;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ProtocolException;
import dev.gatewise.im.protocol.ServerFrame;
import dev.gatewise.im.session.Connection;
import java.util.List;
import java.util.UUID;

/**
 * Sending, and reading back: a message is stored durably, acknowledged, then pushed to every
 * connection of every participant (the sender's other devices included). Sync and history read the
 * store, so whatever a push missed is one sync away.
 */
public final class MessagingService {
    private final MessageStore messages;
    private final CursorStore cursors;
    private final GroupStore groups;
    private final AccountService accounts;
    private final ConversationAccess access;
    private final Fanout fanout;
    private final ChatMetrics metrics;

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

    public void send(Connection sender, ClientFrame.Send frame, long arrivedNanos) {
        ConversationId conversation;
        String to = null;
        if (frame.to() != null) {
            to = AccountService.normalize(frame.to());
            if (!accounts.exists(to)) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "no user '" + frame.to() + "'", frame.id());
            }
            conversation = ConversationId.direct(sender.user(), to);
        } else {
            conversation = ConversationId.group(frame.group());
            if (groups.find(frame.group()).isEmpty()) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "no group '" + frame.group() + "'", frame.id());
            }
            if (groups.role(frame.group(), sender.user()).isEmpty()) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "you are not a member of group " + frame.group(),
                        frame.id());
            }
        }
        var draft = new NewMessage(conversation.value(), sender.user(), to, frame.group(), frame.kind(),
                frame.content(), frame.clientMsgId());
        AppendResult result = store(draft);
        Message message = result.message();
        sender.send(new ServerFrame.Ack(frame.id(), message.clientMsgId(), message.msgId(), message.conversation(),
                message.seq(), message.ts(), result.duplicate()));
        if (!result.duplicate()) {
            // Writing a message means having read the conversation up to it.
            cursors.advance(sender.user(), conversation.value(), CursorKind.READ, message.seq());
            push(conversation, message, sender, arrivedNanos);
        }
    }

    /** Stores and pushes a message the server writes itself (group events); returns it. */
    public Message post(ConversationId conversation, String from, String kind, JsonNode content,
                        List<String> alsoNotify) {
        var draft = new NewMessage(conversation.value(), from, null, conversation.group(), kind, content,
                "server-" + UUID.randomUUID());
        Message message = store(draft).message();
        push(conversation, message, null, 0);
        if (!alsoNotify.isEmpty()) {
            fanout.toUsers(alsoNotify, EncodedFrame.of(new ServerFrame.Push(message)), null, 0);
        }
        return message;
    }

    private AppendResult store(NewMessage draft) {
        long start = System.nanoTime();
        AppendResult result = messages.append(draft);
        if (!result.duplicate()) {
            metrics.messageStored(System.nanoTime() - start);
        }
        return result;
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
