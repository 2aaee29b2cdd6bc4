package dev.gatewise.access;

/** Why a session token stopped working, for what rode on it to say so as it closes. */
public enum SessionEnd {
    /** Its owner logged out with it ({@code DELETE /api/sessions}). */
    LOGGED_OUT("the session was logged out; log in again"),
    /** Every session of its user was revoked, by the user or an operator. */
    REVOKED("the session was revoked; log in again"),
    /** It reached its expiry. */
    EXPIRED("the session expired; log in again");

    private final String description;

    SessionEnd(String description) {
        this.description = description;
    }

    /** What a client is told. */
    public String description() {
        return description;
    }
}
