package dev.gatewise.im.store;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Which users are connected, on which node and device. In one process this is memory; a cluster
 * shares it so any node can find a user's connections and report presence.
 */
public interface RouteStore {
    void register(String user, String device, String node);

    void unregister(String user, String device, String node);

    /** Those of {@code users} with at least one live connection anywhere. */
    Set<String> online(Collection<String> users);

    /** For each of {@code users} that is connected, the live nodes holding its connections. */
    Map<String, Set<String>> nodesOf(Collection<String> users);

    /**
     * {@link #nodesOf} without holding the caller's thread, for fan-out: a store that talks to a server
     * batches these lookups. The future fails with a store error when the lookup does.
     */
    default CompletableFuture<Map<String, Set<String>>> nodesOfLater(Collection<String> users) {
        return CompletableFuture.completedFuture(nodesOf(users));
    }
}
