package dev.gatewise.im.account;

import dev.gatewise.im.session.LoginToken;
import dev.gatewise.im.session.TokenService;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatewise.im.store.Account;
import dev.gatewise.im.store.AccountStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Registration, login and user search. Hashing is deliberately slow: call off the event loop. */
public final class AccountService {
    /** Lower-case so that names are unique regardless of case, and safe inside conversation ids. */
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{2,31}");
    private static final int MIN_PASSWORD = 8;
    private static final int MAX_PASSWORD = 256;

    private final AccountStore accounts;
    private final TokenService tokens;
    private final PasswordEncoder passwords = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    /** Compared against when the user does not exist, so a miss costs as much time as a wrong password. */
    private final String decoyHash = passwords.encode("decoy password for unknown users");
    private final Cache<String, Boolean> known = Caffeine.newBuilder().maximumSize(100_000).build();
    private final List<PasswordListener> passwordListeners = new CopyOnWriteArrayList<>();
    private final LoginThrottle throttle;

    public AccountService(AccountStore accounts, TokenService tokens, LoginThrottle throttle) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.throttle = throttle;
    }

    public void addPasswordListener(PasswordListener listener) {
        passwordListeners.add(listener);
    }

    public static String normalize(String username) {
        return username == null ? null : username.trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** Registers a user; throws {@link AccountException} for invalid or taken names and weak passwords. */
    public String register(String username, String password) {
        String name = normalize(username);
        if (name == null || !USERNAME.matcher(name).matches()) {
            throw new AccountException(AccountException.Reason.INVALID,
                    "username must be 3-32 characters: letters, digits, '_', '.', '-', starting with a letter or digit");
        }
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new AccountException(AccountException.Reason.INVALID,
                    "password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        if (!accounts.create(new Account(name, passwords.encode(password), System.currentTimeMillis()))) {
            throw new AccountException(AccountException.Reason.TAKEN, "username '" + name + "' is taken");
        }
        passwordListeners.forEach(listener -> listener.accepted(name, password));
        return name;
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

    /** Runs {@code verify} on the normalized name unless throttled, and counts its failure or clears on success. */
    private Optional<String> throttled(String username, String address, Function<String, Optional<String>> verify) {
        String name = normalize(username);
        throttle.check(name, address);
        Optional<String> user = name == null ? Optional.empty() : verify.apply(name);
        if (user.isEmpty()) {
            throttle.failed(name, address);
        } else {
            throttle.succeeded(name);
        }
        return user;
    }

    /** Whether the user exists. Accounts are never deleted, so a yes is remembered (a store round trip saved per message). */
    public boolean exists(String username) {
        if (known.getIfPresent(username) != null) {
            return true;
        }
        boolean exists = accounts.find(username).isPresent();
        if (exists) {
            known.put(username, Boolean.TRUE);
        }
        return exists;
    }

    public List<String> search(String prefix, int limit) {
        return accounts.search(normalize(prefix), limit);
    }
}
