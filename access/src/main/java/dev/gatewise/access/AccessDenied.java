package dev.gatewise.access;

/** A refusal, with why: each protocol says it its own way (401 or 403, an error frame, an RTMP status). */
public class AccessDenied extends RuntimeException {
    public enum Reason {
        /** Nothing was presented where something must be. */
        NO_CREDENTIALS,
        /** Unknown token, or wrong user name or password. */
        INVALID,
        /** A token that was valid once. */
        EXPIRED,
        /** Who it is is known, but they may not do this. */
        FORBIDDEN
    }

    private final Reason reason;

    public AccessDenied(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Whether the answer is to present (other) credentials rather than to give up. */
    public boolean askCredentials() {
        return reason != Reason.FORBIDDEN;
    }
}
