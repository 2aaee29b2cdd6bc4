package dev.gatewise.im.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** The codes an error frame carries; clients switch on these, so they never change meaning. */
public enum ErrorCode {
    MALFORMED_JSON,
    INVALID_UTF8,
    UNKNOWN_TYPE,
    INVALID_FIELD,
    FRAME_TOO_LARGE,
    NOT_AUTHENTICATED,
    AUTH_TIMEOUT,
    AUTH_FAILED,
    TOKEN_EXPIRED,
    ALREADY_AUTHENTICATED,
    RATE_LIMITED,
    FORBIDDEN,
    NOT_FOUND,
    /** The store could not take the request now; resend the same frame later (sends are idempotent). */
    RETRY,
    IDLE_TIMEOUT,
    SLOW_CONSUMER,
    /** Another connection signed in with the same user and device. */
    REPLACED,
    /** The session token was logged out or revoked (on any node): log in again. */
    SESSION_ENDED,
    TOO_MANY_ERRORS,
    /** A user is already in as many calls as allowed. */
    TOO_MANY_CALLS,
    INTERNAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
