package dev.gatewise.im.account;

import dev.gatewise.im.store.AttemptCounters;
import java.time.Duration;

/**
 * Login throttling per account and per client address: after too many failed logins in a window, further attempts
 * are refused until the window ends, before any password hashing (a throttled attempt costs a counter read, not a
 * KDF run). The counters live in the store, so every node of a cluster sees the same failures. Any login path (REST,
 * TeamTalk) calls {@link #check} first, then {@link #failed} or {@link #succeeded}. Blocking: off the event loop.
 */
public final class LoginThrottle {
    /** Names longer than any account's are not counted per account (they cannot succeed anyway). */
    private static final int MAX_KEYED_NAME = 64;

    private final AttemptCounters counters;
    private final int perAccount;
    private final int perAddress;
    private final Duration window;

    /**
     * @param perAccount failed logins to one account, from anywhere, before it is throttled for the rest of the window
     * @param perAddress failed logins from one address, to any account, before it is throttled
     */
    public LoginThrottle(AttemptCounters counters, int perAccount, int perAddress, Duration window) {
        this.counters = counters;
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.window = window;
    }

    /** Throws {@link LoginThrottledException} if {@code user} or {@code address} (null: unknown) is throttled. */
    public void check(String user, String address) {
        long waitMillis = Math.max(waiting(accountKey(user), perAccount), waiting(addressKey(address), perAddress));
        if (waitMillis > 0) {
            throw new LoginThrottledException(Math.max(1, (waitMillis + 999) / 1000));
        }
    }

    public void failed(String user, String address) {
        String account = accountKey(user);
        if (account != null) {
            counters.count(account, window);
        }
        String from = addressKey(address);
        if (from != null) {
            counters.count(from, window);
        }
    }

    /** A success forgets the account's failures (not the address's: one good account must not unlock others). */
    public void succeeded(String user) {
        String account = accountKey(user);
        if (account != null) {
            counters.clear(account);
        }
    }

    private long waiting(String key, int limit) {
        if (key == null) {
            return 0;
        }
        AttemptCounters.Window open = counters.peek(key);
        return open.count() >= limit ? open.remainingMillis() : 0;
    }

    private static String accountKey(String user) {
        return user == null || user.isEmpty() || user.length() > MAX_KEYED_NAME ? null : "login:u:" + user;
    }

    private static String addressKey(String address) {
        return address == null || address.isEmpty() ? null : "login:a:" + address;
    }
}
