package dev.gatewise.im.store;

import java.util.List;
import java.util.Optional;

/** Registered users. Implementations are blocking: call them off the event loop. */
public interface AccountStore {
    /** Stores the account unless its name is taken; returns whether it was stored. */
    boolean create(Account account);

    Optional<Account> find(String username);

    /** User names starting with {@code prefix}, in name order. */
    List<String> search(String prefix, int limit);
}
