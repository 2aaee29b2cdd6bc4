package dev.gatewise.im.store.redis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BinaryOperator;

/** A thread-safe map that keeps only its {@code capacity} most recently used entries. */
final class RecentMap<K, V> {
    private final Map<K, V> map;

    RecentMap(int capacity) {
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized V get(K key) {
        return map.get(key);
    }

    synchronized void merge(K key, V value, BinaryOperator<V> combine) {
        map.merge(key, value, combine);
    }

    /** Puts the entry; answers whether it was new. */
    synchronized boolean putIfAbsent(K key, V value) {
        return map.putIfAbsent(key, value) == null;
    }

    synchronized void remove(K key) {
        map.remove(key);
    }
}
