package dev.gatewise.im.store.embedded;

import java.util.function.LongPredicate;

/**
 * The dedupe index of one lock stripe: a 64-bit hash of (conversation, sender, clientMsgId) → the log
 * position of the message it named. Open addressing over two long arrays, 16–32 bytes a message rather
 * than a hundred for a map of strings; a hash hit is confirmed against the record itself, so a
 * collision costs a read, never a wrong answer. Not thread-safe: used under its stripe's lock.
 */
final class ClientIdIndex {
    private static final long EMPTY = 0;

    private long[] keys = new long[16];
    private long[] values = new long[16];
    private int size;

    static long hash(String conversation, String sender, String clientMsgId) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, conversation);
        h = mix(h, sender);
        h = mix(h, clientMsgId);
        // splitmix64's finaliser spreads FNV's low bits over the word.
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h == EMPTY ? 1 : h;
    }

    private static long mix(long h, String part) {
        for (int i = 0; i < part.length(); i++) {
            h = (h ^ part.charAt(i)) * 0x100000001b3L;
        }
        return (h ^ 1) * 0x100000001b3L;
    }

    /** The position stored for {@code key}, or -1. */
    long get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
            if (keys[i] == EMPTY) {
                return -1;
            }
        }
    }

    void put(long key, long value) {
        if ((size + 1) * 2 > keys.length) {
            resize(keys.length * 2);
        }
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (keys[i] == key || keys[i] == EMPTY) {
                if (keys[i] == EMPTY) {
                    size++;
                }
                keys[i] = key;
                values[i] = value;
                return;
            }
        }
    }

    /** Drops the entries whose position matches (retention removed their records). */
    void removeIf(LongPredicate position) {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length];
        values = new long[oldKeys.length];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY && !position.test(oldValues[i])) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private void resize(int capacity) {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[capacity];
        values = new long[capacity];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int slot(long key, int mask) {
        return (int) (key ^ (key >>> 32)) & mask;
    }
}
