package dev.gatewise.media.stream;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Decides who may publish. The relay asks before it accepts a publish; the future completes with the publishing
 * user's name, or exceptionally with a {@link PublishRefusedException} whose message the publisher is told.
 */
@FunctionalInterface
public interface PublishAuthorizer {

    CompletableFuture<String> authorize(String streamName, Map<String, String> query);
}
