package dev.gatewise.im.delivery;

import dev.gatewise.im.metrics.ChatMetrics;
import dev.gatewise.im.protocol.EncodedFrame;
import dev.gatewise.im.session.Connection;
import dev.gatewise.im.session.ConnectionRegistry;
import java.util.Collection;

/** Fan-out to the connections of this node. */
public final class LocalFanout implements Fanout {
    private final ConnectionRegistry connections;
    private final ChatMetrics metrics;

    public LocalFanout(ConnectionRegistry connections, ChatMetrics metrics) {
        this.connections = connections;
        this.metrics = metrics;
    }

    @Override
    public void toUsers(Collection<String> users, EncodedFrame frame, Connection except, long sinceNanos) {
        for (String user : users) {
            for (Connection connection : connections.of(user)) {
                if (connection != except && connection.push(frame) && sinceNanos != 0) {
                    metrics.delivered(sinceNanos);
                }
            }
        }
    }

    /** Returns whether the device is connected here. */
    public boolean pushToDevice(String user, String device, EncodedFrame frame) {
        for (Connection connection : connections.of(user)) {
            if (connection.device().equals(device)) {
                connection.push(frame);
                return true;
            }
        }
        return false;
    }

    @Override
    public void toDevice(String user, String device, EncodedFrame frame) {
        pushToDevice(user, device, frame);
    }
}
