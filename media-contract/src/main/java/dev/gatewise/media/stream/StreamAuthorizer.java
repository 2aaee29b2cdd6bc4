package dev.gatewise.media.stream;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Decides who may publish and who may play. An ingest asks before it accepts a publish, a server before it lets a
 * player in; the future completes with the user's name, or exceptionally with a {@link StreamRefusedException}
 * whose message the client is told. It may complete on any thread.
 */
public interface StreamAuthorizer {

    /** Whether the publish may go ahead; completes with the publishing user. */
    CompletableFuture<String> publish(String streamName, Map<String, String> query);

    /**
     * Watches the session a publish was let in with ({@link #publish} completed): {@code ended} is told why (for the
     * publisher) when it ends (a logout, its expiry, a revocation), on any thread. Returns at once; run the returned
     * action to stop watching when the publish ends first. By default a publish, once let in, never ends this way
     * (an authorizer without sessions).
     */
    default Runnable watchPublisher(Map<String, String> query, Consumer<String> ended) {
        return () -> { };
    }

    /** Whether the player may watch; completes with its user, or null for anyone (which is the default). */
    default CompletableFuture<String> play(String streamName, Map<String, String> query) {
        return CompletableFuture.completedFuture(null);
    }
}
