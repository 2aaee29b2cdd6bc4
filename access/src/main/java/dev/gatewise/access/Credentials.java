package dev.gatewise.access;

/**
 * What someone presents: a session token, a user name and password, or nothing.
 *
 * @param token a session token, or null
 * @param user a user name given with a password, or null
 * @param password the password, or null
 */
public record Credentials(String token, String user, String password) {
    private static final Credentials NONE = new Credentials(null, null, null);

    public static Credentials none() {
        return NONE;
    }

    /** A session token; none when it is null or empty. */
    public static Credentials token(String token) {
        return token == null || token.isEmpty() ? NONE : new Credentials(token, null, null);
    }

    public static Credentials password(String user, String password) {
        return new Credentials(null, user, password);
    }

    public boolean present() {
        return token != null || user != null;
    }

    @Override
    public String toString() {
        return token != null ? "token" : user != null ? "password of " + user : "none"; // never the secrets
    }
}
