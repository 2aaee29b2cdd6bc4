package dev.gatewise.im.account;

/** A registration the server refuses, with the reason a client can act on. */
public class AccountException extends RuntimeException {
    public enum Reason { INVALID, TAKEN }

    private final Reason reason;

    public AccountException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
