package dev.gatewise.bench.target;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** Something the load generator measures: our gateway on a store, or the zero-logic relay. */
public interface Target extends AutoCloseable {
    String name();

    int tcpPort();

    URI webSocketUri();

    /** The chat TCP port connection number {@code connection} should use (a cluster spreads them). */
    default int tcpPort(int connection) {
        return tcpPort();
    }

    default URI webSocketUri(int connection) {
        return webSocketUri();
    }

    /** The server's process id, for its CPU time and memory. */
    long pid();

    /** Prepares {@code count} users (accounts with tokens, where the target has such a thing). */
    List<Account> accounts(int count) throws Exception;

    /**
     * The first frame of a connection, which the target answers with one frame: our auth frame for the
     * account and device, or the relay's room name (the gateway knows rooms as conversations instead).
     */
    String firstFrame(Account account, String device, String room);

    /** Commands the target's store has executed so far, by name; empty where there is nothing to count. */
    default Map<String, Long> storeCommands() throws IOException {
        return Map.of();
    }

    /**
     * CPU seconds used so far by the processes the server relies on besides itself (Redis, say), by
     * name in print order; each gets its own "CPU per message" figure. Empty when there are none.
     */
    default Map<String, Double> companionCpuSeconds() throws IOException {
        return Map.of();
    }

    @Override
    void close();

    /** A user: the name others address it by, and its session token (null for the relay). */
    record Account(String name, String token) {}
}
