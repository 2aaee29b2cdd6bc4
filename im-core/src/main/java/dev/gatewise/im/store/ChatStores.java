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

    /** A namespace of plain records for modules beyond chat (files, streams). */
    KeyValueStore keyValue(String namespace);

    @Override
    void close();
}
