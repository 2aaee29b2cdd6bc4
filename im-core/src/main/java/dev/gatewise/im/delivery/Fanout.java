package dev.gatewise.im.delivery;

import dev.gatewise.im.protocol.EncodedFrame;
import dev.gatewise.im.session.Connection;
import java.util.Collection;

/**
 * Gets a frame to every connection of some users. The single-node implementation writes to local
 * sockets; a cluster one also rings the nodes that hold the other connections.
 */
public interface Fanout {
    /**
     * @param sinceNanos when the triggering request arrived ({@link System#nanoTime()}), for latency metrics;
     *                   0 when not measured
     * @param except a connection that already has the frame (the sender's), or null
     */
    void toUsers(Collection<String> users, EncodedFrame frame, Connection except, long sinceNanos);

    /** Gets a frame to one device of a user, wherever it is connected (calls signal one device, not all). */
    void toDevice(String user, String device, EncodedFrame frame);
}
