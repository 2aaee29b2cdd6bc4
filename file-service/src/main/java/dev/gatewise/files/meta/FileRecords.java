package dev.gatewise.files.meta;

import dev.gatewise.files.storage.FileId;
import dev.gatewise.im.store.ChatStores;
import dev.gatewise.im.store.KeyValueStore;
import dev.gatewise.im.store.StoredJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * File records in the chat store's {@code files} namespace, so metadata and upload offsets survive a restart exactly
 * as chat does, on one node or a cluster. Besides {@code f:ID} (the record) it keeps three indexes: {@code u:OWNER:ID}
 * (bytes each user holds, for quotas), {@code x:EXPIRY:ID} (incomplete uploads by expiry, for cleanup) and
 * {@code s:ID:CONVERSATION} (where a file was sent, for read access). Blocking: call off the event loop.
 */
public final class FileRecords {
    private static final int MAX_SCAN = 100_000;

    private final KeyValueStore store;

    public FileRecords(KeyValueStore store) {
        this.store = store;
    }

    /** The records in the chat store's {@code files} namespace. */
    public static FileRecords of(ChatStores stores) {
        return new FileRecords(stores.keyValue("files"));
    }

    public Optional<FileRecord> find(FileId id) {
        return store.get("f:" + id.value()).map(bytes -> StoredJson.read(bytes, FileRecord.class));
    }

    /** Stores a new upload's record and indexes; false when the id is taken. */
    public boolean create(FileRecord record) {
        if (!store.putIfAbsent("f:" + record.id(), StoredJson.write(record))) {
            return false;
        }
        store.put(usageKey(record), usage(record));
        store.put(expiryKey(record), new byte[0]);
        return true;
    }

    public void update(FileRecord record) {
        store.put("f:" + record.id(), StoredJson.write(record));
        store.put(usageKey(record), usage(record));
    }

    /** Records the upload's last bytes; it no longer expires. */
    public void complete(FileRecord before, FileRecord after) {
        update(after);
        store.remove(expiryKey(before));
    }

    /** Removes the record and every index entry of the file. */
    public void remove(FileRecord record) {
        for (var share : store.scan(sharePrefix(record.id()), MAX_SCAN)) {
            store.remove(share.getKey());
        }
        store.remove(expiryKey(record));
        store.remove(usageKey(record));
        store.remove("f:" + record.id());
    }

    /** Bytes the user's files take or have reserved (declared lengths of unfinished uploads count in full). */
    public long bytesHeldBy(String owner) {
        long total = 0;
        for (var entry : store.scan("u:" + owner + ":", MAX_SCAN)) {
            total += Long.parseLong(new String(entry.getValue(), StandardCharsets.US_ASCII));
        }
        return total;
    }

    /** Incomplete uploads whose expiry is before {@code now}, oldest first. */
    public List<FileId> expiredBefore(long now, int limit) {
        return store.scan("x:", limit).stream()
                .map(Map.Entry::getKey)
                .takeWhile(key -> Long.parseLong(key.substring(2, 2 + 13)) < now)
                .map(key -> new FileId(key.substring(2 + 13 + 1)))
                .toList();
    }

    public void share(FileId id, String conversation) {
        store.put(sharePrefix(id.value()) + conversation, new byte[0]);
    }

    /** The conversations the file was sent to. */
    public List<String> sharedIn(FileId id) {
        String prefix = sharePrefix(id.value());
        return store.scan(prefix, 10_000).stream().map(e -> e.getKey().substring(prefix.length())).toList();
    }

    /** A value kept in the namespace by the service itself (the URL-signing key). */
    public byte[] setting(String name, byte[] ifAbsent) {
        store.putIfAbsent("k:" + name, ifAbsent);
        return store.get("k:" + name).orElse(ifAbsent);
    }

    private static String usageKey(FileRecord record) {
        return "u:" + record.owner() + ":" + record.id();
    }

    private static byte[] usage(FileRecord record) {
        long bytes = record.lengthKnown() ? record.length() : record.offset();
        return Long.toString(bytes).getBytes(StandardCharsets.US_ASCII);
    }

    private static String expiryKey(FileRecord record) {
        // Zero-padded so that key order is expiry order.
        return "x:" + String.format("%013d", record.expiresAt()) + ":" + record.id();
    }

    private static String sharePrefix(String id) {
        return "s:" + id + ":";
    }
}
