package dev.gatewise.im.store.embedded;

import dev.gatewise.im.store.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class EmbeddedKeyValueStore implements KeyValueStore {
    private final LogMap map;

    EmbeddedKeyValueStore(LogMap map) {
        this.map = map;
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(map.get(key));
    }

    @Override
    public void put(String key, byte[] value) {
        map.put(key, value);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value) {
        return map.putIfAbsent(key, value);
    }

    @Override
    public void remove(String key) {
        map.remove(key);
    }

    @Override
    public void update(Map<String, byte[]> puts, Collection<String> removes) {
        long last = -1;
        for (Map.Entry<String, byte[]> put : puts.entrySet()) {
            last = Math.max(last, map.change(put.getKey(), current -> put.getValue()));
        }
        for (String key : removes) {
            last = Math.max(last, map.change(key, current -> null));
        }
        map.await(last);
    }

    @Override
    public long add(String key, long delta) {
        long[] value = {0};
        map.await(map.change(key, current -> {
            value[0] = delta + (current == null ? 0 : Long.parseLong(new String(current, StandardCharsets.US_ASCII)));
            return Long.toString(value[0]).getBytes(StandardCharsets.US_ASCII);
        }));
        return value[0];
    }

    @Override
    public List<Map.Entry<String, byte[]>> scan(String prefix, int limit) {
        return map.scan(prefix, prefix, limit);
    }
}
