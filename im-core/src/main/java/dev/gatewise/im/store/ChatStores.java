package dev.gatewise.im.store;


/**
 * The one place state lives: each implementation (embedded on local disk, Redis for a cluster)
 * provides all of these, chosen by configuration.
 */
public interface ChatStores extends AutoCloseable {
    AccountStore accounts();

    TokenStore tokens();

    MessageStore messages();

    CursorStore cursors();

    GroupStore groups();

    RouteStore routes();

    /** The nodes of the cluster (only this one, for a store that is not shared). */
    NodeStore nodes();

    /** Notices between nodes (a loopback, for a store that is not shared). */
    NodeBus bus();

    /** Attempt counters (login throttling), shared by every node on the store. */
    AttemptCounters attempts();

    /** A namespace of plain records for modules beyond chat (files, streams). */
    KeyValueStore keyValue(String namespace);

    @Override
    void close();
}
