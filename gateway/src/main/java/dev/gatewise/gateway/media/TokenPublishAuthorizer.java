package dev.gatewise.gateway.media;

import dev.gatewise.im.delivery.ConversationAccess;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.session.TokenService;
import dev.gatewise.media.stream.PublishAuthorizer;
import dev.gatewise.media.stream.PublishRefusedException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Lets a publish through when the URL carries a valid chat session token ({@code ?token=}) and, if it names a group
 * for its live events ({@code &group=ID}), the publisher belongs to it. Store lookups run on {@code executor}, never
 * on the relay's event loop.
 */
public final class TokenPublishAuthorizer implements PublishAuthorizer {
    private final TokenService tokens;
    private final ConversationAccess conversations;
    private final Executor executor;

    public TokenPublishAuthorizer(TokenService tokens, ConversationAccess conversations, Executor executor) {
        this.tokens = tokens;
        this.conversations = conversations;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<String> authorize(String streamName, Map<String, String> query) {
        return CompletableFuture.supplyAsync(() -> {
            String token = query.get("token");
            if (token == null || token.isEmpty()) {
                throw new PublishRefusedException("add ?token=SESSION_TOKEN to the stream URL");
            }
            String user = tokens.authenticate(token).orElseThrow(() ->
                    new PublishRefusedException("invalid or expired token; log in again"));
            String group = query.get("group");
            if (group != null && !conversations.allows(user, ConversationId.group(group))) {
                throw new PublishRefusedException("you are not a member of group " + group);
            }
            return user;
        }, executor);
    }
}
