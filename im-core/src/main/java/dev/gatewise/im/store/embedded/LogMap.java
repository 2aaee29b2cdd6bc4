package dev.gatewise.im.store.embedded;

import dev.gatewise.im.store.embedded.log.Log;
import dev.gatewise.im.store.embedded.log.RecordReader;
import dev.gatewise.im.store.embedded.log.RecordWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;

/**
 * A durable sorted map of one name (accounts, tokens, cursors, a module's records), whole in memory and
 * kept in the log as one record per change. A change is visible at once to other writers (so a
 * read-modify-write sees the latest value) but a reader gets a value only once its record is durable:
 * it waits for it (a millisecond or so), so nothing is ever reported that a crash could take back.
 */
final class LogMap {
    static final byte PUT = 2;
    static final byte REMOVE = 3;
    private static final int STRIPES = 64;

    /** A value and the position of the record that made it; a null value is a removal. */
    record Entry(byte[] value, long position) {}

    private final String name;
    private final LogMaps maps;
    /** Sorted for maps that are scanned by prefix; hashed (cheaper to write) for those only looked up by key. */
    private final ConcurrentMap<String, Entry> entries;
    private final Object[] locks = new Object[STRIPES];

    LogMap(String name, LogMaps maps, boolean sorted) {
        this.name = name;
        this.maps = maps;
        this.entries = sorted ? new ConcurrentSkipListMap<>() : new ConcurrentHashMap<>();
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** The durable value, or null. */
    byte[] get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        maps.log().awaitDurable(entry.position);
        if (entry.value == null) {
            entries.remove(key, entry);
        }
        return entry.value;
    }

    /**
     * Changes the value at {@code key} to {@code change(current)} (null: remove it; the same array:
     * leave it) and returns the position to wait on before telling anyone ({@link #await}): the new
     * record's, or the current value's, or -1. Atomic per key.
     */
    long change(String key, UnaryOperator<byte[]> change) {
        synchronized (lock(key)) {
            Entry current = entries.get(key);
            byte[] before = current == null ? null : current.value;
            byte[] after = change.apply(before);
            if (after == before) {
                return current == null ? -1 : current.position;
            }
            RecordWriter record = after == null
                    ? new RecordWriter(REMOVE, name.length() + key.length() + 4).string(name).string(key)
                    : new RecordWriter(PUT, name.length() + key.length() + after.length + 8).string(name).string(key)
                            .bytes(after);
            long position = maps.log().append(record, false).position();
            entries.put(key, new Entry(after, position));
            return position;
        }
    }

    /** Waits until the record at {@code position} (from {@link #change}) is durable. */
    void await(long position) {
        if (position >= 0) {
            maps.log().awaitDurable(position);
        }
    }

    void put(String key, byte[] value) {
        await(change(key, current -> value));
    }

    /** Stores the value unless the key holds one; returns whether it was stored (either way durably). */
    boolean putIfAbsent(String key, byte[] value) {
        boolean[] stored = {false};
        await(change(key, current -> {
            stored[0] = current == null;
            return current == null ? value : current;
        }));
        return stored[0];
    }

    void remove(String key) {
        await(change(key, current -> null));
    }

    /**
     * Sets a value that a record of another kind implies (a message implies its sender has read it), at
     * that record's position: no record of its own, unless retention later copies it forward.
     */
    void derive(String key, UnaryOperator<byte[]> change, long position) {
        synchronized (lock(key)) {
            Entry current = entries.get(key);
            byte[] before = current == null ? null : current.value;
            byte[] after = change.apply(before);
            if (after != before) {
                entries.put(key, new Entry(after, position));
            }
        }
    }

    /** The keys whose value passes {@code test}: a pass over the whole map, for rare work (an operator's). */
    List<String> keysWhere(java.util.function.Predicate<byte[]> test) {
        var keys = new ArrayList<String>();
        long newest = -1;
        for (Map.Entry<String, Entry> entry : entries.entrySet()) {
            Entry value = entry.getValue();
            if (value.value != null && test.test(value.value)) {
                keys.add(entry.getKey());
                newest = Math.max(newest, value.position);
            }
        }
        await(newest);
        return keys;
    }

    /** Up to {@code limit} durable entries from {@code from} whose keys start with {@code prefix}, in key order. */
    List<Map.Entry<String, byte[]>> scan(String prefix, String from, int limit) {
        var result = new ArrayList<Map.Entry<String, byte[]>>();
        long newest = -1;
        var sorted = (ConcurrentNavigableMap<String, Entry>) entries;
        for (Map.Entry<String, Entry> entry : sorted.tailMap(from, true).entrySet()) {
            if (!entry.getKey().startsWith(prefix) || result.size() >= limit) {
                break;
            }
            Entry value = entry.getValue();
            newest = Math.max(newest, value.position);
            if (value.value != null) {
                result.add(Map.entry(entry.getKey(), value.value));
            }
        }
        await(newest);
        return result;
    }

    void replay(byte type, RecordReader fields, long position) {
        String key = fields.string();
        if (type == PUT) {
            entries.put(key, new Entry(fields.bytes(), position));
        } else {
            entries.remove(key);
        }
    }

    /**
     * Before the log's records in [{@code start}, {@code end}) are deleted: writes again every value
     * whose record is there; returns the position of the last record written (-1 for none).
     */
    long copyForward(long start, long end) {
        long last = -1;
        for (Map.Entry<String, Entry> entry : entries.entrySet()) {
            Entry value = entry.getValue();
            if (value.position >= start && value.position < end) {
                if (value.value == null) {
                    // The value it removed was in an older segment, already gone.
                    entries.remove(entry.getKey(), value);
                    continue;
                }
                String key = entry.getKey();
                last = Math.max(last, change(key, current -> {
                    Entry now = entries.get(key);
                    return now == value ? current.clone() : current;
                }));
            }
        }
        return last;
    }

    private Object lock(String key) {
        return locks[Math.floorMod(key.hashCode(), STRIPES)];
    }

    static byte[] longBytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    static long asLong(byte[] bytes) {
        return bytes == null ? 0 : ByteBuffer.wrap(bytes).getLong();
    }
}
