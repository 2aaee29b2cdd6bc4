package dev.gatewise.im.cluster;

import dev.gatewise.im.metrics.ChatMetrics;
import dev.gatewise.im.presence.PresenceService;
import dev.gatewise.im.session.ConnectionRegistry;
import dev.gatewise.im.store.NodeInfo;
import dev.gatewise.im.store.NodeStore;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node in the node table: reports its addresses and load every heartbeat, and forgets
 * nodes that stopped reporting, announcing their users offline — so presence converges without the
 * dead node's help.
 */
public final class ClusterMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterMonitor.class);

    private final NodeStore nodes;
    private final PresenceService presence;
    private final ConnectionRegistry connections;
    private final ChatMetrics metrics;
    private final String node;
    private final String tcp;
    private final String webSocket;
    private final Duration interval;
    private final Duration ttl;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("cluster-monitor", true));
    private double lastFrames;
    private long lastAt = System.nanoTime();

    public ClusterMonitor(NodeStore nodes, PresenceService presence, ConnectionRegistry connections,
                          ChatMetrics metrics, String node, String tcp, String webSocket, Duration interval,
                          Duration ttl) {
        this.nodes = nodes;
        this.presence = presence;
        this.connections = connections;
        this.metrics = metrics;
        this.node = node;
        this.tcp = tcp;
        this.webSocket = webSocket;
        this.interval = interval;
        this.ttl = ttl;
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            double frames = metrics.framesIn();
            long now = System.nanoTime();
            double rate = (frames - lastFrames) / Math.max(1e-9, (now - lastAt) / 1e9);
            lastFrames = frames;
            lastAt = now;
            nodes.heartbeat(new NodeInfo(node, tcp, webSocket, connections.size(), rate, System.currentTimeMillis()));
            Set<String> offline = nodes.reapDead(ttl);
            if (!offline.isEmpty()) {
                log.info("Forgot dead nodes' routes; {} users went offline", offline.size());
                offline.forEach(user -> presence.announce(user, "offline"));
            }
        } catch (RuntimeException e) {
            log.warn("Cluster heartbeat failed; will retry: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            nodes.leave(node);
        } catch (RuntimeException e) {
            log.debug("Could not remove node {} from the table at shutdown", node, e);
        }
    }
}
