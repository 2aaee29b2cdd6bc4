package dev.gatewise.im.store.embedded;

import dev.gatewise.im.presence.RouteStore;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Routes of a single node: they describe live connections, so they live exactly as long as the process. */
final class MemoryRouteStore implements RouteStore {
    private final Map<String, Set<String>> devicesByUser = new ConcurrentHashMap<>();

    @Override
    public void register(String user, String device, String node) {
        devicesByUser.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(device);
    }

    @Override
    public void unregister(String user, String device, String node) {
        devicesByUser.computeIfPresent(user, (u, devices) -> {
            devices.remove(device);
            return devices.isEmpty() ? null : devices;
        });
    }

    @Override
    public Set<String> online(Collection<String> users) {
        var online = new HashSet<String>();
        for (String user : users) {
            if (devicesByUser.containsKey(user)) {
                online.add(user);
            }
        }
        return online;
    }
}
