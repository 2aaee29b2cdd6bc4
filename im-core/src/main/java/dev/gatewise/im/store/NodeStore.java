package dev.gatewise.im.store;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The nodes of the cluster and their load, as each reports it. Blocking. */
public interface NodeStore {
    void heartbeat(NodeInfo info);

    /** Every node that reported within {@code ttl}. */
    List<NodeInfo> live(Duration ttl);

    /**
     * Forgets nodes silent for longer than {@code ttl} and their routes; returns the users that have
     * no live connection left because of it (to announce them offline).
     */
    Set<String> reapDead(Duration ttl);

    /** Removes this node's entry at a clean shutdown. */
    void leave(String node);
}
