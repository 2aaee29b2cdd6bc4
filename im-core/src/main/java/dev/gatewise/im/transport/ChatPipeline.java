package dev.gatewise.im.transport;

import dev.gatewise.im.ChatSettings;
import dev.gatewise.im.metrics.ChatMetrics;
import dev.gatewise.im.presence.PresenceService;
import dev.gatewise.im.session.AuthHandler;
import dev.gatewise.im.session.ConnectionRegistry;
import dev.gatewise.im.session.TokenService;
import dev.gatewise.im.session.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * The part of a chat connection's pipeline that both transports share, after each has cut its bytes
 * into frames: JSON, idle timeout, rate limit, slow-consumer guard, then (on a worker executor)
 * authentication and dispatch, and last the error handler.
 */
public final class ChatPipeline {
    private final ChatSettings settings;
    private final ChatMetrics metrics;
    private final TokenService tokens;
    private final ConnectionRegistry registry;
    private final PresenceService presence;
    private final EventExecutorGroup workers;
    private final FrameDispatcher dispatcher;

    public ChatPipeline(ChatSettings settings, ChatMetrics metrics, TokenService tokens, ConnectionRegistry registry,
                        PresenceService presence, FrameHandlers handlers, EventExecutorGroup workers) {
        this.settings = settings;
        this.metrics = metrics;
        this.tokens = tokens;
        this.registry = registry;
        this.presence = presence;
        this.workers = workers;
        this.dispatcher = new FrameDispatcher(handlers, registry, presence);
    }

    public ChatSettings settings() {
        return settings;
    }

    void install(Channel channel, Transport transport) {
        metrics.connectionOpened(transport);
        channel.closeFuture().addListener(f -> metrics.connectionClosed(transport));
        ChannelPipeline p = channel.pipeline();
        p.addLast("frame-json", new FrameJsonCodec(transport, metrics, settings.getMaxBadFrames()));
        p.addLast("idle", new IdleTimeoutHandler(settings.getIdleTimeout()));
        p.addLast("rate-limit", new FrameRateLimiter(settings.getRateLimitPerSecond(), settings.getRateLimitBurst()));
        p.addLast("slow-consumer", new SlowConsumerGuard(settings.getSlowConsumerTimeout(), metrics));
        p.addLast(workers, "auth", new AuthHandler(tokens, registry, presence, transport, settings.getAuthTimeout(),
                settings.getHeartbeatInterval()));
        p.addLast(workers, "dispatch", dispatcher);
        p.addLast("errors", new ChannelErrorHandler());
    }
}
