package dev.gatewise.im.store.embedded;

import dev.gatewise.im.store.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h2.mvstore.MVMap;

final class EmbeddedKeyValueStore implements KeyValueStore {
    private final MVMap<String, byte[]> map;
    private final GroupCommitter committer;

    EmbeddedKeyValueStore(MVMap<String, byte[]> map, GroupCommitter committer) {
        this.map = map;
        this.committer = committer;
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(map.get(key));
    }

    @Override
    public void put(String key, byte[] value) {
        map.put(key, value);
        committer.awaitDurable();
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value) {
        boolean stored = map.putIfAbsent(key, value) == null;
        if (stored) {
            committer.awaitDurable();
        }
        return stored;
    }

    @Override
    public void remove(String key) {
        if (map.remove(key) != null) {
            committer.awaitDurable();
        }
    }

    @Override
    public void update(Map<String, byte[]> puts, Collection<String> removes) {
        puts.forEach(map::put);
        removes.forEach(map::remove);
        committer.awaitDurable();
    }

    @Override
    public long add(String key, long delta) {
        long value;
        // One process owns the embedded store, so a lock here makes the read-modify-write atomic.
        synchronized (this) {
            byte[] current = map.get(key);
            value = delta + (current == null ? 0 : Long.parseLong(new String(current, StandardCharsets.US_ASCII)));
            map.put(key, Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        }
        committer.awaitDurable();
        return value;
    }

    @Override
    public List<Map.Entry<String, byte[]>> scan(String prefix, int limit) {
        return Keys.scanFrom(map, prefix, prefix, limit, Map::entry);
    }
}
