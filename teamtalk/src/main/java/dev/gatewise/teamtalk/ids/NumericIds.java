package dev.gatewise.teamtalk.ids;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatewise.im.store.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * TeamTalk names users and groups by uint32; the engine by name and by group id. Each name gets the next number of a
 * counter the first time a TeamTalk client needs it, and keeps it: both directions are records in the store's
 * key-value namespace (so they survive restarts and every node of a cluster shares them). A mapping never changes,
 * so both directions are cached. Blocking on a miss: call from a worker thread.
 */
public final class NumericIds {
    private final KeyValueStore store;
    private final String kind;
    private final Cache<String, Long> byName = Caffeine.newBuilder().maximumSize(200_000).build();
    private final Cache<Long, String> byNumber = Caffeine.newBuilder().maximumSize(200_000).build();

    /** @param kind a short prefix keeping this kind's keys apart from another's in the namespace ({@code u}, {@code g}) */
    public NumericIds(KeyValueStore store, String kind) {
        this.store = store;
        this.kind = kind;
    }

    /** The name's number, given it now if it has none. */
    public long numberOf(String name) {
        Long cached = byName.getIfPresent(name);
        if (cached != null) {
            return cached;
        }
        long number = stored(name).orElseGet(() -> assign(name));
        remember(name, number);
        return number;
    }

    /** The name with this number, if one has it. */
    public Optional<String> nameOf(long number) {
        String cached = byNumber.getIfPresent(number);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> name = store.get(kind + "#" + number).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
        name.ifPresent(n -> remember(n, number));
        return name;
    }

    private Optional<Long> stored(String name) {
        return store.get(kind + ":" + name).map(bytes -> Long.parseLong(new String(bytes, StandardCharsets.UTF_8)));
    }

    /**
     * Numbers come from one counter shared by all nodes. The number → name record is written first, so a number that
     * is handed out always resolves; when two nodes race for a name, the loser's number is dropped (a gap, harmless).
     */
    private long assign(String name) {
        long number = store.add(kind + ".next", 1);
        if (number > 0xFFFF_FFFFL) {
            throw new IllegalStateException("TeamTalk ids of kind '" + kind + "' are exhausted (uint32)");
        }
        String reverse = kind + "#" + number;
        store.put(reverse, name.getBytes(StandardCharsets.UTF_8));
        if (store.putIfAbsent(kind + ":" + name, Long.toString(number).getBytes(StandardCharsets.UTF_8))) {
            return number;
        }
        store.remove(reverse);
        return stored(name).orElseThrow(() -> new IllegalStateException("lost the id of " + name));
    }

    private void remember(String name, long number) {
        byName.put(name, number);
        byNumber.put(number, name);
    }
}
