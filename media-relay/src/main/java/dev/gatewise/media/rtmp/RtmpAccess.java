package dev.gatewise.media.rtmp;

import dev.gatewise.access.AccessCheck;
import dev.gatewise.access.AccessDenied;
import dev.gatewise.access.AccessRequest;
import dev.gatewise.access.Action;
import dev.gatewise.access.Credentials;
import dev.gatewise.access.InvalidUserNameException;
import dev.gatewise.access.Protocol;
import dev.gatewise.access.UserNames;
import dev.gatewise.media.live.StreamViewers;
import dev.gatewise.media.stream.StreamAuthorizer;
import dev.gatewise.media.stream.StreamRefusedException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * RTMP's questions to the access check. The credentials are the URL's {@code ?token=} (RTMP has nowhere else for
 * them); a publish that names a group for its live events ({@code &group=ID}) is in that group's conversation, and
 * so is watching it.
 * The check reads the store, so it runs on {@code executor}, never on the relay's event loop.
 */
public final class RtmpAccess implements StreamAuthorizer {
    private final AccessCheck access;
    private final StreamViewers viewers;
    private final Executor executor;

    public RtmpAccess(AccessCheck access, StreamViewers viewers, Executor executor) {
        this.access = access;
        this.viewers = viewers;
        this.executor = executor;
    }

    /**
     * A publish that names a user for its live events ({@code &to=NAME}) must name one who exists, by the name rule
     * of every other path ({@link UserNames}): a name no account can have is refused, not folded onto another.
     */
    @Override
    public CompletableFuture<String> publish(String streamName, Map<String, String> query) {
        String group = query.get("group");
        String to = query.get("to");
        var request = AccessRequest.of(Protocol.RTMP, Action.PUBLISH, streamName, Credentials.token(query.get("token")))
                .in(group == null ? Set.of() : Set.of(AccessRequest.group(group)));
        return supply(() -> {
            String user = access.check(request);
            if (to != null) {
                access.authorize(user, AccessRequest.of(Protocol.RTMP, Action.PUBLISH, streamName, Credentials.none())
                        .in(Set.of(AccessRequest.direct(user, peer(to)))));
            }
            return user;
        });
    }

    /** Watched off the relay's loops (the watch reads the store); a failure to watch ends the publish. */
    @Override
    public Runnable watchPublisher(Map<String, String> query, Consumer<String> ended) {
        CompletableFuture<AccessCheck.Watch> watch = CompletableFuture.supplyAsync(
                () -> access.watch(query.get("token"), end -> ended.accept(end.description())), executor);
        watch.exceptionally(failure -> {
            ended.accept("the session could not be watched; publish again");
            return null;
        });
        return () -> watch.thenAccept(AccessCheck.Watch::close);
    }

    /**
     * Watching takes what the chat the stream is announced in allows ({@link StreamViewers}); a stream that is not
     * live is let through, to be answered "not found".
     */
    @Override
    public CompletableFuture<String> play(String streamName, Map<String, String> query) {
        return supply(() -> viewers.audience(streamName).isEmpty() ? null
                : viewers.check(Protocol.RTMP, streamName, Credentials.token(query.get("token"))));
    }

    private static String peer(String to) {
        try {
            return UserNames.canonical(to);
        } catch (InvalidUserNameException e) {
            throw new StreamRefusedException("&to= names no user: " + e.getMessage());
        }
    }

    private CompletableFuture<String> supply(Supplier<String> decision) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return decision.get();
            } catch (AccessDenied e) {
                throw new StreamRefusedException(switch (e.reason()) {
                    case NO_CREDENTIALS -> "add ?token=SESSION_TOKEN to the stream URL";
                    case INVALID, EXPIRED -> "invalid or expired token; log in again";
                    case FORBIDDEN -> e.getMessage();
                });
            }
        }, executor);
    }
}
