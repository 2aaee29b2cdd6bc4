package dev.gatewise.files.meta;

import dev.gatewise.files.storage.FileId;
import dev.gatewise.im.store.KeyValueStore;
import dev.gatewise.im.store.StoredJson;
import java.util.Optional;

/**
 * File records in the chat store's {@code files} namespace (key {@code f:ID}), so metadata and
 * upload offsets survive a restart exactly like chat does. Blocking: call off the event loop.
 */
public final class FileRecords {
    private static final String PREFIX = "f:";

    private final KeyValueStore store;

    public FileRecords(KeyValueStore store) {
        this.store = store;
    }

    public Optional<FileRecord> find(FileId id) {
        return store.get(PREFIX + id.value()).map(bytes -> StoredJson.read(bytes, FileRecord.class));
    }

    /** Stores a new record; false when the id is taken. */
    public boolean create(FileRecord record) {
        return store.putIfAbsent(PREFIX + new FileId(record.id()).value(), StoredJson.write(record));
    }

    public void update(FileRecord record) {
        store.put(PREFIX + new FileId(record.id()).value(), StoredJson.write(record));
    }

    public void remove(FileId id) {
        store.remove(PREFIX + id.value());
    }
}
