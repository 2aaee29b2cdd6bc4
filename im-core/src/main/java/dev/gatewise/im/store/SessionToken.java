package dev.gatewise.im.store;

/** What a login token stands for: a user, until {@code expiresAt} (epoch milliseconds). */
public record SessionToken(String user, long expiresAt) {
    public boolean expiredAt(long now) {
        return now >= expiresAt;
    }
}
