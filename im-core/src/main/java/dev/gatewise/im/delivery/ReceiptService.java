package dev.gatewise.im.delivery;

import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.message.CursorKind;
import dev.gatewise.im.store.CursorStore;
import dev.gatewise.im.store.MessageStore;
import dev.gatewise.im.protocol.EncodedFrame;
import dev.gatewise.im.protocol.ServerFrame;
import dev.gatewise.im.session.Connection;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Delivered and read receipts move the user's cursor in a conversation. In a direct conversation the
 * peer is told (the sender's "delivered" and "read" ticks); the user's own other devices are always told,
 * so their unread counts follow. Group receipts reach only the reader's devices.
 */
public final class ReceiptService {
    private final CursorStore cursors;
    private final MessageStore messages;
    private final ConversationAccess access;
    private final Fanout fanout;

    public ReceiptService(CursorStore cursors, MessageStore messages, ConversationAccess access, Fanout fanout) {
        this.cursors = cursors;
        this.messages = messages;
        this.access = access;
        this.fanout = fanout;
    }

    /** Moves the reader's cursor up to {@code seq} and tells whom it concerns; the transport acknowledges it. */
    public void receipt(Connection reader, String conversation, long seq, CursorKind kind) {
        ConversationId id = access.check(reader.user(), conversation);
        long upTo = Math.min(seq, messages.lastSeq(conversation));
        boolean moved = cursors.advance(reader.user(), conversation, kind, upTo);
        if (kind == CursorKind.READ) {
            // Whoever has read a message has also received it.
            cursors.advance(reader.user(), conversation, CursorKind.DELIVERED, upTo);
        }
        if (!moved) {
            return;
        }
        var frame = EncodedFrame.of(new ServerFrame.Receipt(conversation, reader.user(),
                kind.name().toLowerCase(Locale.ROOT), upTo));
        Collection<String> audience = id.isDirect() ? access.participants(id) : List.of(reader.user());
        fanout.toUsers(audience, frame, reader, 0);
    }
}
