package dev.gatewise.im.transport;

import dev.gatewise.im.delivery.ConversationListService;
import dev.gatewise.im.delivery.MessagingService;
import dev.gatewise.im.delivery.ReceiptService;
import dev.gatewise.im.delivery.TypingRelay;
import dev.gatewise.im.store.GroupRole;
import dev.gatewise.im.group.GroupDetail;
import dev.gatewise.im.group.GroupService;
import dev.gatewise.im.message.AppendResult;
import dev.gatewise.im.message.CursorKind;
import dev.gatewise.im.message.Message;
import dev.gatewise.im.message.MessagePage;
import dev.gatewise.im.presence.PresenceService;
import dev.gatewise.im.protocol.ClientFrame;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ErrorFrame;
import dev.gatewise.im.protocol.ProtocolException;
import dev.gatewise.im.protocol.ServerFrame;
import dev.gatewise.im.session.Connection;
import dev.gatewise.im.store.GroupRole;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON protocol's frame type → service call table of an authenticated connection: it turns each frame into a
 * call and the call's result into the answer frame. The services know nothing of frames or request ids (a
 * refusal's request id is added by the dispatcher), so another protocol's adapter calls them the same way.
 */
public final class FrameHandlers {
    /** Handles one type of frame on the connection's worker thread; throws ProtocolException to refuse it. */
    @FunctionalInterface
    public interface Handler<F extends ClientFrame> {
        void handle(Connection connection, F frame, long arrivedNanos);
    }

    // Modules beyond chat (calls) add their frame types while the node is wired.
    private final Map<Class<?>, Handler<?>> byType = new ConcurrentHashMap<>();
    private final MessagingService messaging;

    public FrameHandlers(MessagingService messaging, ReceiptService receipts, ConversationListService conversations,
                         PresenceService presence, TypingRelay typing, GroupService groups) {
        this.messaging = messaging;
        on(ClientFrame.Ping.class, (c, f, t) -> c.send(new ServerFrame.Pong(f.id(), System.currentTimeMillis())));
        on(ClientFrame.Send.class, (c, f, t) -> messaging.send(c, f.to(), f.group(), f.kind(), f.content(),
                f.clientMsgId(), t, acks(c, f.id())));
        on(ClientFrame.Sync.class, (c, f, t) -> c.send(page("sync_result", f.id(),
                messaging.sync(c.user(), f.conversation(), f.afterSeq(), f.limit()))));
        on(ClientFrame.History.class, (c, f, t) -> c.send(page("history_result", f.id(),
                messaging.history(c.user(), f.conversation(), f.beforeSeq(), f.limit()))));
        on(ClientFrame.Conversations.class, (c, f, t) ->
                c.send(new ServerFrame.ConversationList(f.id(), conversations.recent(c.user(), f.limit()))));
        on(ClientFrame.Delivered.class, (c, f, t) -> {
            receipts.receipt(c, f.conversation(), f.seq(), CursorKind.DELIVERED);
            c.send(new ServerFrame.Ok(f.id()));
        });
        on(ClientFrame.Read.class, (c, f, t) -> {
            receipts.receipt(c, f.conversation(), f.seq(), CursorKind.READ);
            c.send(new ServerFrame.Ok(f.id()));
        });
        on(ClientFrame.Presence.class, (c, f, t) ->
                c.send(new ServerFrame.PresenceStatus(f.id(), presence.watch(c, f.users()))));
        on(ClientFrame.Typing.class, (c, f, t) -> typing.typing(c, f));
        on(ClientFrame.GroupCreate.class, (c, f, t) -> c.send(group(f.id(), groups.create(c.user(), f.name(),
                f.members()))));
        on(ClientFrame.GroupAdd.class, (c, f, t) -> c.send(group(f.id(), groups.add(c.user(), f.group(), f.users()))));
        on(ClientFrame.GroupRemove.class, (c, f, t) ->
                c.send(group(f.id(), groups.remove(c.user(), f.group(), f.users()))));
        on(ClientFrame.GroupLeave.class, (c, f, t) -> {
            groups.leave(c.user(), f.group());
            c.send(new ServerFrame.Ok(f.id()));
        });
        on(ClientFrame.GroupRole.class, (c, f, t) ->
                c.send(group(f.id(), groups.setRole(c.user(), f.group(), f.user(), GroupRole.fromWire(f.role())))));
        on(ClientFrame.GroupList.class, (c, f, t) -> c.send(new ServerFrame.GroupSummaries(f.id(),
                groups.list(c.user()).stream().map(g -> new ServerFrame.GroupSummary(g.group(), g.name(), g.role(),
                        g.memberCount())).toList())));
        on(ClientFrame.GroupInfo.class, (c, f, t) -> c.send(group(f.id(), groups.info(c.user(), f.group()))));
    }

    /** The JSON protocol's answers to a send: {@code ack}, or an error to send it again. */
    public static MessagingService.Outcome acks(Connection sender, String requestId) {
        return new MessagingService.Outcome() {
            @Override
            public void stored(AppendResult result) {
                Message message = result.message();
                sender.send(new ServerFrame.Ack(requestId, message.clientMsgId(), message.msgId(),
                        message.conversation(), message.seq(), message.ts(), result.duplicate()));
            }

            @Override
            public void failed(boolean retry) {
                sender.send(new ErrorFrame(requestId, retry ? ErrorCode.RETRY : ErrorCode.INTERNAL,
                        "the message was not stored; send it again"));
            }
        };
    }

    private static ServerFrame.MessagePage page(String type, String requestId, MessagePage page) {
        return new ServerFrame.MessagePage(type, requestId, page.conversation(), page.messages(), page.hasMore(),
                page.lastSeq());
    }

    private static ServerFrame.GroupDetail group(String requestId, GroupDetail group) {
        return new ServerFrame.GroupDetail(requestId, group.group(), group.name(), group.owner(), group.createdAt(),
                group.members());
    }

    private <F extends ClientFrame> void on(Class<F> type, Handler<F> handler) {
        byType.put(type, handler);
    }

    /** Lets another module handle a frame type chat leaves to it (such as {@code call}). */
    public <F extends ClientFrame> void register(Class<F> type, Handler<F> handler) {
        if (byType.putIfAbsent(type, handler) != null) {
            throw new IllegalStateException(type.getSimpleName() + " frames already have a handler");
        }
    }

    /**
     * Whether this frame's handler cannot block, so the event loop may run it: a ping, and a send the store takes
     * without waiting ({@link MessagingService#sendsWithoutWaiting}: the one hot path worth the hops saved).
     */
    boolean handlesWithoutWaiting(ClientFrame frame) {
        return frame instanceof ClientFrame.Ping
                || frame instanceof ClientFrame.Send send && messaging.sendsWithoutWaiting(send.kind(), send.to());
    }

    @SuppressWarnings("unchecked")
    void handle(Connection connection, ClientFrame frame, long arrivedNanos) {
        var handler = (Handler<ClientFrame>) byType.get(frame.getClass());
        if (handler == null) {
            // A frame type of a module this node does not run (calls without the calls module).
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "this server does not handle "
                    + frame.getClass().getSimpleName() + " frames", frame.id());
        }
        handler.handle(connection, frame, arrivedNanos);
    }
}
