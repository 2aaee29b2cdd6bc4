package dev.gatewise.access;

/** A user name that no account can have ({@link UserNames#canonical}); the message says what is wrong with it. */
public class InvalidUserNameException extends IllegalArgumentException {
    public InvalidUserNameException(String message) {
        super(message);
    }
}
