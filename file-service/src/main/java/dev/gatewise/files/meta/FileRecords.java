package dev.gatewise.files.meta;

import dev.gatewise.files.storage.FileId;
import dev.gatewise.im.store.ChatStores;
import dev.gatewise.im.store.KeyValueStore;
import dev.gatewise.im.store.StoredJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * File records in the chat store's {@code files} namespace, so metadata and upload offsets survive a restart exactly
 * as chat does, on one node or a cluster. Besides {@code f:ID} (the record) it keeps {@code q:OWNER} (bytes each user
 * holds, a counter every node shares, for quotas), {@code x:EXPIRY:ID} (unfinished uploads by expiry, for cleanup)
 * and {@code s:ID:CONVERSATION} (where a file was sent, for read access). Each change is one batch: one wait for the
 * store. Blocking: call off the event loop.
 */
public final class FileRecords {
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

    /** Stores a new upload's record (ids are 128 random bits: they do not collide). */
    public void create(FileRecord record) {
        store.update(Map.of("f:" + record.id(), StoredJson.write(record), expiryKey(record), new byte[0]), List.of());
        holds(record.owner(), held(record));
    }

    /** Records an upload's progress (and a length told late). */
    public void update(FileRecord before, FileRecord after) {
        store.put("f:" + after.id(), StoredJson.write(after));
        holds(after.owner(), held(after) - held(before));
    }

    /** Records the upload's last bytes; it no longer expires. */
    public void complete(FileRecord before, FileRecord after) {
        store.update(Map.of("f:" + after.id(), StoredJson.write(after)), List.of(expiryKey(before)));
        holds(after.owner(), held(after) - held(before));
    }

    /** Removes the record and every index entry of the file. */
    public void remove(FileRecord record) {
        var keys = new ArrayList<String>(List.of("f:" + record.id(), expiryKey(record)));
        store.scan(sharePrefix(record.id()), 100_000).forEach(share -> keys.add(share.getKey()));
        store.update(Map.of(), keys);
        holds(record.owner(), -held(record));
    }

    /** Bytes the user's files take or have reserved (declared lengths of unfinished uploads count in full). */
    public long bytesHeldBy(String owner) {
        return store.get("q:" + owner).map(v -> Long.parseLong(new String(v, StandardCharsets.US_ASCII))).orElse(0L);
    }

    /** Unfinished uploads whose expiry is before {@code now}, oldest first. */
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

    private void holds(String owner, long delta) {
        if (delta != 0) {
            store.add("q:" + owner, delta);
        }
    }

    private static long held(FileRecord record) {
        return record.lengthKnown() ? record.length() : record.offset();
    }

    private static String expiryKey(FileRecord record) {
        // Zero-padded so that key order is expiry order.
        return "x:" + String.format("%013d", record.expiresAt()) + ":" + record.id();
    }

    private static String sharePrefix(String id) {
        return "s:" + id + ":";
    }
}
