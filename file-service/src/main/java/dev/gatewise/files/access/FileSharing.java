package dev.gatewise.files.access;

import dev.gatewise.files.meta.FileRecord;
import dev.gatewise.files.meta.FileRecords;
import dev.gatewise.files.storage.FileId;
import dev.gatewise.im.delivery.ConversationAccess;
import dev.gatewise.http.ApiException;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.store.ChatStores;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Who may read a file: its uploader, and the members of every conversation it was sent to. Needs only the store,
 * so a chat node checks file messages with it even where the file role does not run. Blocking.
 */
public final class FileSharing {
    private final FileRecords records;
    private final ConversationAccess conversations;

    public FileSharing(FileRecords records, ConversationAccess conversations) {
        this.records = records;
        this.conversations = conversations;
    }

    /** Over the chat store's own namespace and groups. */
    public static FileSharing of(ChatStores stores) {
        return new FileSharing(FileRecords.of(stores), new ConversationAccess(stores.groups()));
    }

    public FileRecords records() {
        return records;
    }

    public FileRecord find(FileId id) {
        return records.find(id).orElseThrow(() ->
                new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "no such file"));
    }

    public boolean canRead(String user, FileRecord record) {
        if (record.owner().equals(user)) {
            return true;
        }
        for (String conversation : records.sharedIn(new FileId(record.id()))) {
            ConversationId id = ConversationId.parse(conversation);
            if (id != null && conversations.allows(user, id)) {
                return true;
            }
        }
        return false;
    }
}
