package dev.gatewise.media.testing;

import dev.gatewise.media.stream.StreamAuthorizer;
import dev.gatewise.media.stream.StreamRefusedException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Accepts token "good" (user alice) and "bob" (user bob), refuses others; answers a little later on another thread,
 * as a real store lookup would. {@link #endSession} ends a token's session, as a logout would.
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

    private final Map<String, List<Consumer<String>>> watches = new ConcurrentHashMap<>();

    @Override
    public Runnable watchPublisher(Map<String, String> query, Consumer<String> ended) {
        List<Consumer<String>> of = watches.computeIfAbsent(query.get("token"), t -> new CopyOnWriteArrayList<>());
        of.add(ended);
        return () -> of.remove(ended);
    }

    /** How many publishes let in with {@code token} watch its session. */
    public int watching(String token) {
        return watches.getOrDefault(token, List.of()).size();
    }

    /** Tells every publish let in with {@code token} that its session ended; returns how many were watching. */
    public int endSession(String token, String reason) {
        List<Consumer<String>> of = watches.getOrDefault(token, List.of());
        int count = of.size();
        of.forEach(ended -> ended.accept(reason));
        return count;
    }

    public List<Map<String, String>> queries() {
        return List.copyOf(queries);
    }
}
