package dev.gatewise.im.store;

/** The store cannot serve now (closed, or its server unreachable); the client should retry later. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
