package dev.gatewise.im.delivery;

import dev.gatewise.im.store.GroupStore;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ProtocolException;
import java.util.Collection;
import java.util.List;

/** Who may read and write a conversation: its two users, or its group's current members. */
public final class ConversationAccess {
    private final GroupStore groups;

    public ConversationAccess(GroupStore groups) {
        this.groups = groups;
    }

    /** Parses the id and checks that {@code user} belongs to the conversation, or throws. */
    public ConversationId check(String user, String conversation) {
        ConversationId id = ConversationId.parse(conversation);
        if (id == null) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "'" + conversation + "' is not a conversation id");
        }
        if (!allows(user, id)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "you are not in conversation " + conversation);
        }
        return id;
    }

    public boolean allows(String user, ConversationId id) {
        return id.isDirect() ? id.hasPeer(user) : groups.role(id.group(), user).isPresent();
    }

    /** Everyone in the conversation. */
    public Collection<String> participants(ConversationId id) {
        return id.isDirect() ? List.of(id.peers()).stream().distinct().toList() : groups.members(id.group()).keySet();
    }
}
