package dev.gatewise.im.store.embedded;

import dev.gatewise.im.store.Account;
import dev.gatewise.im.store.AccountStore;
import dev.gatewise.im.store.StoredJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class EmbeddedAccountStore implements AccountStore {
    private final LogMap accounts;

    EmbeddedAccountStore(LogMap accounts) {
        this.accounts = accounts;
    }

    @Override
    public boolean create(Account account) {
        return accounts.putIfAbsent(account.username(), StoredJson.write(account));
    }

    @Override
    public Optional<Account> find(String username) {
        return Optional.ofNullable(accounts.get(username)).map(bytes -> StoredJson.read(bytes, Account.class));
    }

    @Override
    public List<String> search(String prefix, int limit) {
        return accounts.scan(prefix, prefix, limit).stream().map(Map.Entry::getKey).toList();
    }
}
