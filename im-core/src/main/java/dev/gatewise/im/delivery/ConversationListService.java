package dev.gatewise.im.delivery;

import dev.gatewise.im.message.ConversationSummary;
import dev.gatewise.im.store.Group;
import dev.gatewise.im.store.GroupStore;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.message.CursorKind;
import dev.gatewise.im.store.CursorStore;
import dev.gatewise.im.message.Message;
import dev.gatewise.im.store.MessageStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The recent-conversations list (TeamTalk's "recent sessions"): every direct conversation the user
 * took part in and every group they are in, newest activity first, with the last message and the
 * number of messages after the user's read cursor.
 */
public final class ConversationListService {
    private final MessageStore messages;
    private final CursorStore cursors;
    private final GroupStore groups;

    public ConversationListService(MessageStore messages, CursorStore cursors, GroupStore groups) {
        this.messages = messages;
        this.cursors = cursors;
        this.groups = groups;
    }

    public List<ConversationSummary> recent(String user, int limit) {
        var entries = new ArrayList<Entry>();
        for (String conversation : messages.directConversations(user)) {
            ConversationId id = ConversationId.parse(conversation);
            String peer = id.peerOf(user);
            entries.add(summarize(user, conversation, peer, null, null,
                    cursors.get(peer, conversation, CursorKind.READ),
                    cursors.get(peer, conversation, CursorKind.DELIVERED), 0));
        }
        for (String groupId : groups.groupsOf(user)) {
            Group group = groups.find(groupId).orElse(null);
            if (group != null) {
                entries.add(summarize(user, group.conversation(), null, groupId, group.name(), null, null,
                        group.createdAt()));
            }
        }
        return entries.stream()
                .sorted(Comparator.comparingLong(Entry::activity).reversed())
                .limit(limit)
                .map(Entry::summary)
                .toList();
    }

    private Entry summarize(String user, String conversation, String peer, String group, String name,
                            Long peerRead, Long peerDelivered, long createdAt) {
        long lastSeq = messages.lastSeq(conversation);
        Message last = lastSeq == 0 ? null : messages.get(conversation, lastSeq).orElse(null);
        long readSeq = cursors.get(user, conversation, CursorKind.READ);
        var summary = new ConversationSummary(conversation, peer, group, name, last, lastSeq, readSeq,
                Math.max(0, lastSeq - readSeq), peerRead, peerDelivered);
        return new Entry(summary, last != null ? last.ts() : createdAt);
    }

    private record Entry(ConversationSummary summary, long activity) {}
}
