package dev.gatewise.im.transport;

import dev.gatewise.im.delivery.ConversationListService;
import dev.gatewise.im.delivery.MessagingService;
import dev.gatewise.im.delivery.ReceiptService;
import dev.gatewise.im.delivery.TypingRelay;
import dev.gatewise.im.group.GroupRole;
import dev.gatewise.im.group.GroupService;
import dev.gatewise.im.message.CursorKind;
import dev.gatewise.im.presence.PresenceService;
import dev.gatewise.im.protocol.ClientFrame;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ProtocolException;
import dev.gatewise.im.protocol.ServerFrame;
import dev.gatewise.im.session.Connection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The frame type → feature service table of an authenticated connection. */
public final class FrameHandlers {
    /** Handles one type of frame on the connection's worker thread; throws ProtocolException to refuse it. */
    @FunctionalInterface
    public interface Handler<F extends ClientFrame> {
        void handle(Connection connection, F frame, long arrivedNanos);
    }

    // Modules beyond chat (calls) add their frame types while the node is wired.
    private final Map<Class<?>, Handler<?>> byType = new ConcurrentHashMap<>();

    public FrameHandlers(MessagingService messaging, ReceiptService receipts, ConversationListService conversations,
                         PresenceService presence, TypingRelay typing, GroupService groups) {
        on(ClientFrame.Ping.class, (c, f, t) -> c.send(new ServerFrame.Pong(f.id(), System.currentTimeMillis())));
        on(ClientFrame.Send.class, messaging::send);
        on(ClientFrame.Sync.class, (c, f, t) -> c.send(messaging.sync(c, f)));
        on(ClientFrame.History.class, (c, f, t) -> c.send(messaging.history(c, f)));
        on(ClientFrame.Conversations.class, (c, f, t) ->
                c.send(new ServerFrame.ConversationList(f.id(), conversations.recent(c.user(), f.limit()))));
        on(ClientFrame.Delivered.class, (c, f, t) ->
                receipts.receipt(c, f.id(), f.conversation(), f.seq(), CursorKind.DELIVERED));
        on(ClientFrame.Read.class, (c, f, t) -> receipts.receipt(c, f.id(), f.conversation(), f.seq(), CursorKind.READ));
        on(ClientFrame.Presence.class, (c, f, t) ->
                c.send(new ServerFrame.PresenceStatus(f.id(), presence.watch(c, f.users()))));
        on(ClientFrame.Typing.class, (c, f, t) -> typing.typing(c, f));
        on(ClientFrame.GroupCreate.class, (c, f, t) -> c.send(groups.create(c.user(), f.id(), f.name(), f.members())));
        on(ClientFrame.GroupAdd.class, (c, f, t) -> c.send(groups.add(c.user(), f.id(), f.group(), f.users())));
        on(ClientFrame.GroupRemove.class, (c, f, t) -> c.send(groups.remove(c.user(), f.id(), f.group(), f.users())));
        on(ClientFrame.GroupLeave.class, (c, f, t) -> {
            groups.leave(c.user(), f.id(), f.group());
            c.send(new ServerFrame.Ok(f.id()));
        });
        on(ClientFrame.GroupRole.class, (c, f, t) ->
                c.send(groups.setRole(c.user(), f.id(), f.group(), f.user(), GroupRole.fromWire(f.role()))));
        on(ClientFrame.GroupList.class, (c, f, t) -> c.send(groups.list(c.user(), f.id())));
        on(ClientFrame.GroupInfo.class, (c, f, t) -> c.send(groups.info(c.user(), f.id(), f.group())));
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
