package dev.gatewise.im.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A durable map of a module's own records (file metadata, stream state) kept in the same store as
 * chat, embedded or Redis. Keys are strings without the character U+0001; writes are durable when
 * the call returns. Blocking: call off the event loop.
 */
public interface KeyValueStore {
    Optional<byte[]> get(String key);

    void put(String key, byte[] value);

    /** Stores the value unless the key exists; returns whether it was stored. */
    boolean putIfAbsent(String key, byte[] value);

    void remove(String key);

    /**
     * Several changes made durable together: one wait for the disk (or one round trip to Redis) instead of one per
     * key. Atomic on Redis; on the embedded store each key changes atomically.
     */
    void update(Map<String, byte[]> puts, Collection<String> removes);

    /**
     * Adds {@code delta} to the counter at {@code key} (0 when absent) and returns its new value; atomic across every
     * node sharing the store. A counter reads back through {@link #get} as its decimal digits.
     */
    long add(String key, long delta);

    /** Up to {@code limit} entries whose keys start with {@code prefix}, in key order. */
    List<Map.Entry<String, byte[]>> scan(String prefix, int limit);
}
