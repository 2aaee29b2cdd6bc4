package dev.gatewise.im.store.embedded;

import dev.gatewise.im.store.RouteStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Routes of a single node: they describe live connections, so they live exactly as long as the process. */
final class MemoryRouteStore implements RouteStore {
    /** User → device → node. */
    private final Map<String, Map<String, String>> routes = new ConcurrentHashMap<>();

    @Override
    public void register(String user, String device, String node) {
        routes.computeIfAbsent(user, u -> new ConcurrentHashMap<>()).put(device, node);
    }

    @Override
    public void unregister(String user, String device, String node) {
        routes.computeIfPresent(user, (u, devices) -> {
            devices.remove(device, node);
            return devices.isEmpty() ? null : devices;
        });
    }

    @Override
    public Set<String> online(Collection<String> users) {
        var online = new HashSet<String>();
        for (String user : users) {
            if (routes.containsKey(user)) {
                online.add(user);
            }
        }
        return online;
    }

    @Override
    public Map<String, Set<String>> nodesOf(Collection<String> users) {
        var result = new HashMap<String, Set<String>>();
        for (String user : users) {
            var devices = routes.get(user);
            if (devices != null) {
                result.put(user, Set.copyOf(devices.values()));
            }
        }
        return result;
    }
}
