package dev.gatewise.im.delivery;

import dev.gatewise.im.store.Notices;
import dev.gatewise.im.store.RouteStore;
import dev.gatewise.im.protocol.EncodedFrame;
import dev.gatewise.im.session.Connection;
import dev.gatewise.im.store.NodeBus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fan-out across the cluster: this node's connections directly, and one notice to each other node
 * that holds connections of the recipients (found in the routes), never to the rest. The lookup and
 * the notices do not hold the caller's thread.
 */
public final class RoutedFanout implements Fanout {
    private static final Logger log = LoggerFactory.getLogger(RoutedFanout.class);

    private final LocalFanout local;
    private final RouteStore routes;
    private final NodeBus bus;
    private final String self;

    public RoutedFanout(LocalFanout local, RouteStore routes, NodeBus bus, String self) {
        this.local = local;
        this.routes = routes;
        this.bus = bus;
        this.self = self;
    }

    @Override
    public void toUsers(Collection<String> users, EncodedFrame frame, Connection except, long sinceNanos) {
        // The local registry is the truth for this node, even before its routes are written.
        local.toUsers(users, frame, except, sinceNanos);
        routes.nodesOfLater(users).whenComplete((nodes, failure) -> {
            if (failure != null) {
                // The message is stored; recipients on other nodes get it by sync.
                log.warn("Could not look up the routes of {}: {}", users, failure.toString());
                return;
            }
            Map<String, List<String>> usersByNode = new HashMap<>();
            for (Map.Entry<String, Set<String>> route : nodes.entrySet()) {
                for (String node : route.getValue()) {
                    if (!node.equals(self)) {
                        usersByNode.computeIfAbsent(node, n -> new ArrayList<>()).add(route.getKey());
                    }
                }
            }
            usersByNode.forEach((node, recipients) -> bus.send(node, Notices.frame(recipients, frame.json())));
        });
    }

    @Override
    public void toDevice(String user, String device, EncodedFrame frame) {
        if (local.pushToDevice(user, device, frame)) {
            return;
        }
        // Routes name a user's nodes; the node holding this device pushes it, the others find nothing to push to.
        routes.nodesOfLater(List.of(user)).whenComplete((nodes, failure) -> {
            if (failure != null) {
                log.warn("Could not look up the routes of {}: {}", user, failure.toString());
                return;
            }
            for (String node : nodes.getOrDefault(user, Set.of())) {
                if (!node.equals(self)) {
                    bus.send(node, Notices.deviceFrame(user, device, frame.json()));
                }
            }
        });
    }
}
