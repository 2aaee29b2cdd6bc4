package dev.gatewise.im.store.embedded;

import dev.gatewise.im.store.StoredJson;
import dev.gatewise.im.store.Account;
import dev.gatewise.im.store.AccountStore;
import java.util.List;
import java.util.Optional;
import org.h2.mvstore.MVMap;

final class EmbeddedAccountStore implements AccountStore {
    private final MVMap<String, byte[]> accounts;
    private final GroupCommitter committer;

    EmbeddedAccountStore(MVMap<String, byte[]> accounts, GroupCommitter committer) {
        this.accounts = accounts;
        this.committer = committer;
    }

    @Override
    public boolean create(Account account) {
        boolean created = accounts.putIfAbsent(account.username(), StoredJson.write(account)) == null;
        if (created) {
            committer.awaitDurable();
        }
        return created;
    }

    @Override
    public Optional<Account> find(String username) {
        return Optional.ofNullable(accounts.get(username)).map(bytes -> StoredJson.read(bytes, Account.class));
    }

    @Override
    public List<String> search(String prefix, int limit) {
        return Keys.scanFrom(accounts, prefix, prefix, limit, (name, account) -> name);
    }
}
