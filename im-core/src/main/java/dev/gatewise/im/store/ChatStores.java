package dev.gatewise.im.store;

/**
 * The one place state lives: each implementation (embedded on local disk, Redis for a cluster)
 * provides all of these, chosen by configuration. An implementation builds its {@link StoreSet} once; the
 * accessors read it.
 */
public interface ChatStores extends AutoCloseable {
    StoreSet parts();

    default AccountStore accounts() {
        return parts().accounts();
    }

    default TokenStore tokens() {
        return parts().tokens();
    }

    default MessageStore messages() {
        return parts().messages();
    }

    default CursorStore cursors() {
        return parts().cursors();
    }

    default GroupStore groups() {
        return parts().groups();
    }

    default RouteStore routes() {
        return parts().routes();
    }

    /** The nodes of the cluster (only this one, for a store that is not shared). */
    default NodeStore nodes() {
        return parts().nodes();
    }

    /** Notices between nodes (a loopback, for a store that is not shared). */
    default NodeBus bus() {
        return parts().bus();
    }

    /** Attempt counters (login throttling), shared by every node on the store. */
    default AttemptCounters attempts() {
        return parts().attempts();
    }

    /**
     * Whether every lookup a send makes (accounts, groups, routes) is answered from memory and every write is queued
     * without waiting on an event loop, so a send can be handled, and its outcome delivered, on the connection's
     * event loop instead of hopping to a worker and back. True for the embedded store; not for Redis (round trips).
     */
    default boolean answersFromMemory() {
        return false;
    }

    /** Whether writes queue up faster than they reach the disk, so writers should wait (on a worker) for it. */
    default boolean backlogged() {
        return false;
    }

    /** A namespace of plain records for modules beyond chat (files, streams). */
    KeyValueStore keyValue(String namespace);

    @Override
    void close();
}
