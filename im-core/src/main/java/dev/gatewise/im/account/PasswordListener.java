package dev.gatewise.im.account;

/**
 * Told of a password the moment it is proven right (at registration and at every successful login), so a module can
 * keep a credential of its own derived from it (TeamTalk's clients log in with an MD5 of the password). Called off
 * the event loop; the password is never stored by the account service itself.
 */
@FunctionalInterface
public interface PasswordListener {
    void accepted(String username, String password);
}
