package dev.gatewise.im.presence;

import dev.gatewise.access.UserNames;
import dev.gatewise.im.store.Notices;
import dev.gatewise.im.protocol.EncodedFrame;
import dev.gatewise.im.protocol.ProtocolException;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ServerFrame;
import dev.gatewise.im.session.Connection;
import dev.gatewise.im.session.ConnectionRegistry;
import dev.gatewise.im.store.NodeBus;
import dev.gatewise.im.store.RouteStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Online/offline status. A user is online while any of their devices is connected; connections that
 * asked about a user hear when that changes.
 */
public final class PresenceService {
    private final ConnectionRegistry connections;
    private final RouteStore routes;
    private final NodeBus bus;
    private final String node;
    private final int maxWatches;
    private final Object[] userLocks = new Object[64];
    /** Watched user → connections watching. */
    private final Map<String, Set<Connection>> watchers = new ConcurrentHashMap<>();
    /** Connection → users it watches, to clean up when it closes. */
    private final Map<Connection, Set<String>> watching = new ConcurrentHashMap<>();

    public PresenceService(ConnectionRegistry connections, RouteStore routes, NodeBus bus, String node,
                           int maxWatches) {
        this.connections = connections;
        this.routes = routes;
        this.bus = bus;
        for (int i = 0; i < userLocks.length; i++) {
            userLocks[i] = new Object();
        }
        this.node = node;
        this.maxWatches = maxWatches;
    }

    /**
     * Registers a new connection (so fan-out reaches it) and records it online; tells watchers when the user comes
     * online. Returns the connection of the same device it replaced, for the caller to close. The connection is
     * registered even if recording the route fails (a store error is thrown then).
     */
    public Optional<Connection> connected(Connection connection) {
        synchronized (lockFor(connection.user())) {
            Optional<Connection> replaced = connections.add(connection);
            boolean wasOnline = !routes.online(List.of(connection.user())).isEmpty();
            routes.register(connection.user(), connection.device(), node);
            if (!wasOnline) {
                announce(connection.user(), "online");
            }
            return replaced;
        }
    }

    /**
     * Forgets a closed connection; tells watchers when the user's last device went. A connection a newer one of the
     * same device replaced leaves the route alone: registry and route change together under the user's lock, so a
     * device signing in again while its old connection closes keeps its route.
     */
    public void disconnected(Connection connection) {
        var watched = watching.remove(connection);
        if (watched != null) {
            watched.forEach(user -> watchers.computeIfPresent(user, (u, set) -> {
                set.remove(connection);
                return set.isEmpty() ? null : set;
            }));
        }
        synchronized (lockFor(connection.user())) {
            if (!connections.remove(connection)) {
                return;
            }
            routes.unregister(connection.user(), connection.device(), node);
            if (routes.online(List.of(connection.user())).isEmpty()) {
                announce(connection.user(), "offline");
            }
        }
    }

    /**
     * One user's devices connecting and disconnecting on this node take turns, so "was online" and
     * "is still online" are never read across another device's change. (Across nodes the routes store
     * decides, and a change racing on two nodes can be announced twice; watchers take the last.)
     */
    private Object lockFor(String user) {
        return userLocks[Math.floorMod(user.hashCode(), userLocks.length)];
    }

    /**
     * Status of each user (by the user's name as the server spells it, as presence pushes do); the
     * connection is told of their later changes.
     */
    public Map<String, String> watch(Connection connection, List<String> names) {
        // Names are case-insensitive everywhere else; unnormalized, "Carol" would never come online.
        List<String> users = names.stream().map(UserNames::normalize).distinct().toList();
        var watched = watching.computeIfAbsent(connection, c -> ConcurrentHashMap.newKeySet());
        // Asking again about users already watched (a refreshed contact list) takes no more places.
        long added = users.stream().filter(user -> !watched.contains(user)).count();
        if (watched.size() + added > maxWatches) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "a connection may watch at most " + maxWatches
                    + " users");
        }
        for (String user : users) {
            watched.add(user);
            watchers.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(connection);
        }
        Set<String> online = routes.online(users);
        var status = new LinkedHashMap<String, String>();
        users.forEach(user -> status.put(user, online.contains(user) ? "online" : "offline"));
        return status;
    }

    /** Tells every node's watchers (through the bus) that the user came online or went offline. */
    public void announce(String user, String status) {
        bus.broadcast(Notices.presence(user, status, System.currentTimeMillis()));
    }

    /** Tells this node's connections watching {@code user}. */
    public void notifyWatchers(String user, String status, long ts) {
        var set = watchers.get(user);
        if (set == null || set.isEmpty()) {
            return;
        }
        var frame = EncodedFrame.of(new ServerFrame.PresenceChange(user, status, ts));
        set.forEach(watcher -> watcher.push(frame));
    }
}
