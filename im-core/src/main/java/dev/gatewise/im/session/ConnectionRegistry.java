package dev.gatewise.im.session;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The authenticated connections on this node, by user and device. */
public final class ConnectionRegistry {
    private final Map<String, Map<String, Connection>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    /** Adds the connection; returns the one it replaces (same user and device), if any. */
    public Optional<Connection> add(Connection connection) {
        var replaced = new Connection[1];
        byUser.compute(connection.user(), (user, devices) -> {
            var map = devices == null ? new ConcurrentHashMap<String, Connection>() : devices;
            replaced[0] = map.put(connection.device(), connection);
            return map;
        });
        if (replaced[0] == null) {
            count.incrementAndGet();
        }
        return Optional.ofNullable(replaced[0]);
    }

    /** Removes the connection unless a newer one took its place; returns whether it was removed. */
    public boolean remove(Connection connection) {
        var removed = new boolean[1];
        byUser.computeIfPresent(connection.user(), (user, devices) -> {
            removed[0] = devices.remove(connection.device(), connection);
            return devices.isEmpty() ? null : devices;
        });
        if (removed[0]) {
            count.decrementAndGet();
        }
        return removed[0];
    }

    public Collection<Connection> of(String user) {
        var devices = byUser.get(user);
        return devices == null ? List.of() : devices.values();
    }

    public boolean isConnected(String user) {
        return byUser.containsKey(user);
    }

    public int size() {
        return count.get();
    }
}
