package dev.gatewise.im.account;

import dev.gatewise.access.InvalidUserNameException;
import dev.gatewise.access.UserNames;
import dev.gatewise.im.session.LoginToken;
import dev.gatewise.im.session.TokenService;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatewise.im.store.Account;
import dev.gatewise.im.store.AccountStore;
import dev.gatewise.im.store.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Registration, login and user search. Hashing is deliberately slow: call off the event loop. */
public final class AccountService {
    private static final int MIN_PASSWORD = 8;
    private static final int MAX_PASSWORD = 256;

    private final AccountStore accounts;
    /** Confusable skeleton → the name that holds it; accounts made before the index are added at start. */
    private final KeyValueStore skeletons;
    private final TokenService tokens;
    private final PasswordEncoder passwords = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    /** Compared against when the user does not exist, so a miss costs as much time as a wrong password. */
    private final String decoyHash = passwords.encode("decoy password for unknown users");
    private final Cache<String, Boolean> known = Caffeine.newBuilder().maximumSize(100_000).build();
    private final List<PasswordListener> passwordListeners = new CopyOnWriteArrayList<>();
    private final LoginThrottle throttle;
    /** A key no skeleton has (skeletons of allowed names have no spaces). */
    private static final String INDEXED = "indexed accounts";

    /** @param skeletons where the confusable skeletons of names are kept (shared by every node on the store) */
    public AccountService(AccountStore accounts, KeyValueStore skeletons, TokenService tokens, LoginThrottle throttle) {
        this.accounts = accounts;
        this.skeletons = skeletons;
        this.tokens = tokens;
        this.throttle = throttle;
    }

    public void addPasswordListener(PasswordListener listener) {
        passwordListeners.add(listener);
    }

    /**
     * Registers a user; throws {@link AccountException} for invalid names ({@code INVALID_USERNAME}), weak passwords
     * ({@code INVALID}), and names taken or confusable with a taken one ({@code TAKEN}).
     */
    public String register(String username, String password) {
        String name;
        try {
            name = UserNames.canonical(username);
        } catch (InvalidUserNameException e) {
            throw new AccountException(AccountException.Reason.INVALID_USERNAME, e.getMessage());
        }
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new AccountException(AccountException.Reason.INVALID,
                    "password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        String skeleton = UserNames.skeleton(name);
        byte[] claim = name.getBytes(StandardCharsets.UTF_8);
        // The skeleton is claimed first, so two confusable names registered at once cannot both win. A claim by the
        // same name is one whose account was made before the index, or whose creation did not finish.
        if (!skeletons.putIfAbsent(skeleton, claim)) {
            String holder = skeletons.get(skeleton).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(name);
            if (!holder.equals(name)) {
                throw new AccountException(AccountException.Reason.TAKEN,
                        "username '" + name + "' is too similar to the existing '" + holder + "'");
            }
        }
        if (!accounts.create(new Account(name, passwords.encode(password), System.currentTimeMillis()))) {
            throw new AccountException(AccountException.Reason.TAKEN, "username '" + name + "' is taken");
        }
        passwordListeners.forEach(listener -> listener.accepted(name, password));
        return name;
    }

    /**
     * Indexes the skeletons of accounts made before the index existed, once per store (a marker records it); the
     * first name in name order keeps a skeleton two old names share. Both keep working: only new names are refused.
     */
    public void indexExistingNames() {
        if (skeletons.get(INDEXED).isPresent()) {
            return;
        }
        for (String name : accounts.search("", Integer.MAX_VALUE)) {
            skeletons.putIfAbsent(UserNames.skeleton(name), name.getBytes(StandardCharsets.UTF_8));
        }
        skeletons.put(INDEXED, new byte[0]);
    }

    /**
     * Checks the password and issues a token; empty when the name or the password is wrong. Throws
     * {@link LoginThrottledException} when the account or {@code address} (the client's, null if unknown) has failed
     * too often lately, before hashing anything.
     */
    public Optional<LoginToken> login(String username, String password, String address) {
        return verify(username, password, address).map(tokens::issue);
    }

    /** The user whose name and password these are, throttled as {@link #login} is; empty when either is wrong. */
    public Optional<String> verify(String username, String password, String address) {
        return throttled(username, address, name -> {
            if (password == null || password.length() > MAX_PASSWORD) {
                return Optional.empty();
            }
            Optional<Account> account = accounts.find(name);
            boolean matches = passwords.matches(password, account.map(Account::passwordHash).orElse(decoyHash));
            if (account.isEmpty() || !matches) {
                return Optional.empty();
            }
            passwordListeners.forEach(listener -> listener.accepted(account.get().username(), password));
            return Optional.of(account.get().username());
        });
    }

    /**
     * The same, for a password in another form that {@code verifier} checks (TeamTalk's MD5 hex): throttled the same,
     * and the account must exist; listeners are not told (they want the password itself).
     */
    public Optional<String> verify(String username, String password, String address, PasswordVerifier verifier) {
        return throttled(username, address, name -> password != null && verifier.verify(name, password)
                && exists(name) ? Optional.of(name) : Optional.empty());
    }

    /**
     * Runs {@code verify} on the canonical name unless throttled, and counts its failure or clears on success. A name
     * no account can have fails (counted against the address) without a password check.
     */
    private Optional<String> throttled(String username, String address, Function<String, Optional<String>> verify) {
        String name = UserNames.isValid(username) ? UserNames.canonical(username) : null;
        throttle.check(name, address);
        Optional<String> user = name == null ? Optional.empty() : verify.apply(name);
        if (user.isEmpty()) {
            throttle.failed(name, address);
        } else {
            throttle.succeeded(name);
        }
        return user;
    }

    /** Whether the account is known to exist without asking the store (it was looked up before). */
    public boolean knownToExist(String username) {
        return known.getIfPresent(username) != null;
    }

    /** Whether the user exists. Accounts are never deleted, so a yes is remembered (a store round trip saved per message). */
    public boolean exists(String username) {
        if (knownToExist(username)) {
            return true;
        }
        boolean exists = accounts.find(username).isPresent();
        if (exists) {
            known.put(username, Boolean.TRUE);
        }
        return exists;
    }

    public List<String> search(String prefix, int limit) {
        return accounts.search(UserNames.prefix(prefix), limit);
    }
}
