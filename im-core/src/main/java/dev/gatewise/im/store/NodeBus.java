package dev.gatewise.im.store;

import java.util.function.Consumer;

/**
 * Notices between the nodes of a cluster: a node's own inbox, and a channel every node hears. Only a
 * doorbell: what a notice announces is already stored, so a lost notice costs a push, never a message.
 * In one process it is a loopback.
 */
public interface NodeBus extends AutoCloseable {
    /** Sends a notice to one node. */
    void send(String node, byte[] notice);

    /** Sends a notice to every node, this one included. */
    void broadcast(byte[] notice);

    /** Starts handing notices addressed to {@code node}, and broadcasts, to the handler. */
    void subscribe(String node, Consumer<byte[]> handler);

    @Override
    void close();
}
