package dev.gatewise.files.access;

import dev.gatewise.access.AccessCheck;
import dev.gatewise.access.AccessDenied;
import dev.gatewise.access.AccessRequest;
import dev.gatewise.access.Action;
import dev.gatewise.access.Credentials;
import dev.gatewise.access.Protocol;
import dev.gatewise.files.meta.FileRecord;
import dev.gatewise.files.meta.FileRecords;
import dev.gatewise.files.storage.FileId;
import dev.gatewise.http.ApiException;
import dev.gatewise.im.store.ChatStores;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;
import java.util.Set;

/**
 * Where a file is and who may read it: the records, and the access check's question for a file, which knows its
 * uploader and every conversation it was sent to (the rule itself, uploader or reader of one of them, is the
 * check's). Needs only the store, so a chat node checks file messages with it even where the file role does not
 * run. Blocking.
 */
public final class FileSharing {
    private final FileRecords records;
    private final AccessCheck access;

    public FileSharing(FileRecords records, AccessCheck access) {
        this.records = records;
        this.access = access;
    }

    /** Over the chat store's own namespace. */
    public static FileSharing of(ChatStores stores, AccessCheck access) {
        return new FileSharing(FileRecords.of(stores), access);
    }

    public FileRecords records() {
        return records;
    }

    public FileRecord find(FileId id) {
        return records.find(id).orElseThrow(FileSharing::notFound);
    }

    public Optional<FileRecord> lookup(FileId id) {
        return records.find(id);
    }

    /** The question of reading {@code record} over {@code protocol} with {@code credentials}. */
    public AccessRequest download(Protocol protocol, FileRecord record, Credentials credentials) {
        FileId id = new FileId(record.id());
        return AccessRequest.of(protocol, Action.DOWNLOAD, id.toString(), credentials).ownedBy(record.owner())
                .in(Set.copyOf(records.sharedIn(id)));
    }

    /** Whether {@code user}, already signed in (a message's sender), may read the file. */
    public boolean canRead(String user, FileRecord record) {
        try {
            access.authorize(user, download(Protocol.CHAT, record, Credentials.none()));
            return true;
        } catch (AccessDenied e) {
            return false;
        }
    }

    static ApiException notFound() {
        return new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "no such file");
    }
}
