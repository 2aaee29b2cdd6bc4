package dev.gatewise.im.account;

/** A login refused without checking the password: too many failures for the account or the address lately. */
public final class LoginThrottledException extends RuntimeException {
    private final long retryAfterSeconds;

    public LoginThrottledException(long retryAfterSeconds) {
        super("too many failed logins; try again in " + retryAfterSeconds + " s", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
