package dev.gatewise.http;

/**
 * Answers one whole request on the event loop. The handler owns {@link Exchange#request()}: it releases it, or hands
 * it to something that does ({@link BlockingApi} does). What it throws is answered as a refusal
 * ({@link ApiException}'s status and reason, 500 for anything else).
 */
@FunctionalInterface
public interface Handler {
    void handle(Exchange exchange) throws Exception;
}
