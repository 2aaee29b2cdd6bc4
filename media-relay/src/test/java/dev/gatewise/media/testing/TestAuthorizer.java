package dev.gatewise.media.testing;

import dev.gatewise.media.stream.StreamAuthorizer;
import dev.gatewise.media.stream.StreamRefusedException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Accepts token "good" (user alice) and "bob" (user bob), refuses others; answers a little later on another thread,
 * as a real store lookup would.
 */
public final class TestAuthorizer implements StreamAuthorizer {
    private final List<Map<String, String>> queries = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<String> publish(String streamName, Map<String, String> query) {
        queries.add(query);
        return CompletableFuture.supplyAsync(() -> {
            String token = query.get("token");
            if (token == null) {
                throw new StreamRefusedException("missing token");
            }
            return switch (token) {
                case "good" -> "alice";
                case "bob" -> "bob";
                default -> throw new StreamRefusedException("invalid token");
            };
        }, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
    }

    public List<Map<String, String>> queries() {
        return List.copyOf(queries);
    }
}
