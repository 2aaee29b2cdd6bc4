package dev.gatewise.im.store.embedded;

import dev.gatewise.im.store.NodeInfo;
import dev.gatewise.im.store.NodeStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The node table of a lone node: itself. */
final class LocalNodeStore implements NodeStore {
    private volatile NodeInfo self;

    @Override
    public void heartbeat(NodeInfo info) {
        self = info;
    }

    @Override
    public List<NodeInfo> live(Duration ttl) {
        return self == null ? List.of() : List.of(self);
    }

    @Override
    public Set<String> reapDead(Duration ttl) {
        return Set.of();
    }

    @Override
    public void leave(String node) {
        self = null;
    }
}
