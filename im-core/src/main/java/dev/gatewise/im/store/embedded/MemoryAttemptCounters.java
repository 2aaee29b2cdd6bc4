package dev.gatewise.im.store.embedded;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.gatewise.im.store.AttemptCounters;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Attempt counters of one node: in memory (they are about minutes, and nothing else shares them), bounded. */
final class MemoryAttemptCounters implements AttemptCounters {
    private record Entry(AtomicLong count, long endsAtNanos) {}

    private final Cache<String, Entry> windows = Caffeine.newBuilder()
            .maximumSize(1_000_000)
            .expireAfter(new Expiry<String, Entry>() {
                @Override
                public long expireAfterCreate(String key, Entry entry, long now) {
                    return entry.endsAtNanos() - System.nanoTime();
                }

                @Override
                public long expireAfterUpdate(String key, Entry entry, long now, long current) {
                    return current;
                }

                @Override
                public long expireAfterRead(String key, Entry entry, long now, long current) {
                    return current;
                }
            })
            .build();

    @Override
    public Window count(String key, Duration length) {
        Entry entry = windows.get(key, k -> new Entry(new AtomicLong(), System.nanoTime() + length.toNanos()));
        return window(entry, entry.count().incrementAndGet());
    }

    @Override
    public Window peek(String key) {
        Entry entry = windows.getIfPresent(key);
        return entry == null ? new Window(0, 0) : window(entry, entry.count().get());
    }

    @Override
    public void clear(String key) {
        windows.invalidate(key);
    }

    private static Window window(Entry entry, long count) {
        return new Window(count, Math.max(0, (entry.endsAtNanos() - System.nanoTime()) / 1_000_000));
    }
}
