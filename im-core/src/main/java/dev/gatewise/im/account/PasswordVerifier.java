package dev.gatewise.im.account;

/**
 * Checks a password in a protocol's own form of it (TeamTalk's clients send its MD5 hex, which the account's Argon2id
 * hash cannot check), for {@link AccountService#verify(String, String, String, PasswordVerifier)}. Blocking and
 * slow like any hash check: off the event loop.
 */
@FunctionalInterface
public interface PasswordVerifier {
    /** Whether {@code password} is right for {@code username} (already normalized). */
    boolean verify(String username, String password);
}
