package dev.gatewise.im.account;

/** A registration the server refuses, with the reason a client can act on. */
public class AccountException extends RuntimeException {
    public enum Reason {
        /** The password (or the request) is not acceptable. */
        INVALID,
        /** The user name is not one an account may have. */
        INVALID_USERNAME,
        /** The name, or one confusable with it, has an account. */
        TAKEN
    }

    private final Reason reason;

    public AccountException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
