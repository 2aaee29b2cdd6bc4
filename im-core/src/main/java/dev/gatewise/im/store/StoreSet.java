package dev.gatewise.im.store;

/** The stores one implementation hands out ({@link ChatStores#parts}), built once when it opens. */
public record StoreSet(AccountStore accounts, TokenStore tokens, MessageStore messages, CursorStore cursors,
                       GroupStore groups, RouteStore routes, NodeStore nodes, NodeBus bus, AttemptCounters attempts) {}
