package dev.gatewise.im.transport;

import dev.gatewise.access.AccessCheck;
import dev.gatewise.http.Exchange;
import dev.gatewise.http.HttpResponses;
import dev.gatewise.http.HttpServer;
import dev.gatewise.im.config.ChatSettings;
import dev.gatewise.im.metrics.ChatMetrics;
import dev.gatewise.im.presence.PresenceService;
import dev.gatewise.im.session.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * The one place a chat connection's pipeline is assembled, for both transports. Each cuts its bytes into frames its
 * own way (TCP: a 4-byte length; WebSocket: the upgrade, then one JSON frame per text frame), and then they share
 * the rest: JSON, idle timeout, rate limit, slow-consumer guard, then authentication and dispatch (which hand what
 * blocks to a worker), and last the error handler; first of all, flush consolidation.
 */
public final class ChatPipeline {
    /** Where chat runs over WebSocket on the HTTP port. */
    public static final String WEBSOCKET_PATH = "/ws";

    private final ChatSettings settings;
    private final ChatMetrics metrics;
    private final AccessCheck access;
    private final PresenceService presence;
    private final EventExecutorGroup workers;
    private final FrameDispatcher dispatcher;

    public ChatPipeline(ChatSettings settings, ChatMetrics metrics, AccessCheck access, PresenceService presence,
                        FrameHandlers handlers, EventExecutorGroup workers) {
        this.settings = settings;
        this.metrics = metrics;
        this.access = access;
        this.presence = presence;
        this.workers = workers;
        this.dispatcher = new FrameDispatcher(handlers, presence);
    }

    public ChatSettings settings() {
        return settings;
    }

    /** A new TCP connection. */
    void tcp(Channel channel) {
        ChannelPipeline p = channel.pipeline();
        // failFast: a length over the limit is refused as soon as it is read, not after the bytes.
        p.addLast("tcp-framing", new LengthFieldBasedFrameDecoder(settings.getMaxFrameBytes() + 4, 0, 4, 0, 4, true));
        p.addLast("tcp-length", new LengthFieldPrepender(4));
        chat(channel, Transport.TCP);
    }

    /**
     * A request to {@code /ws}: upgrades the HTTP connection and turns it into a chat connection. Netty answers
     * pings; oversized frames (1009) and invalid UTF-8 (1007) are closed with their status after an error frame.
     */
    public void webSocket(Exchange exchange) {
        FullHttpRequest request = exchange.request();
        if (!HttpHeaderValues.WEBSOCKET.contentEqualsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE, ""))) {
            HttpResponses.error(exchange.ctx(), request, HttpResponseStatus.BAD_REQUEST, "upgrade_required",
                    "this is the chat WebSocket endpoint; connect with a WebSocket client");
            request.release();
            return;
        }
        int maxFrame = settings.getMaxFrameBytes();
        var ctx = exchange.ctx();
        var p = ctx.pipeline();
        p.addAfter(ctx.name(), "ws-protocol", new WebSocketServerProtocolHandler(
                WebSocketServerProtocolConfig.newBuilder()
                        .websocketPath(WEBSOCKET_PATH)
                        .checkStartsWith(true)
                        // A frame over the limit or not UTF-8 is ChannelErrorHandler's to close: it answers the
                        // error frame first, then the close status.
                        .decoderConfig(WebSocketDecoderConfig.newBuilder()
                                .maxFramePayloadLength(maxFrame)
                                .closeOnProtocolViolation(false)
                                .build())
                        .handshakeTimeoutMillis(10_000)
                        .build()));
        p.addAfter("ws-protocol", "ws-aggregator", new WebSocketFrameAggregator(maxFrame));
        p.addAfter("ws-aggregator", "ws-text", new WebSocketTextCodec());
        // The WebSocket's own refusals are answered here, on the event loop: the protocol handler closes right after
        // passing one on, before it could hop through the worker of a connection not yet signed in.
        p.addAfter("ws-text", "ws-errors", new ChannelErrorHandler());
        chat(ctx.channel(), Transport.WEBSOCKET);
        ctx.fireChannelRead(request); // the protocol handler answers the handshake
        HttpServer.leaveHttp(p);
    }

    private void chat(Channel channel, Transport transport) {
        metrics.connectionOpened(transport);
        channel.closeFuture().addListener(f -> metrics.connectionClosed(transport));
        ChannelPipeline p = channel.pipeline();
        // Acks and pushes are written from workers, one task each; flushing each would cost a system call
        // per frame. Writes queued together leave with one flush, as a relay's would.
        p.addFirst("flush", new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES,
                true));
        p.addLast("frame-json", new FrameJsonCodec(transport, metrics, settings.getMaxBadFrames(),
                settings.getBadFrameDecay()));
        p.addLast("idle", new IdleTimeoutHandler(settings.getIdleTimeout()));
        p.addLast("rate-limit", new FrameRateLimiter(settings.getRateLimitPerSecond(), settings.getRateLimitBurst()));
        p.addLast("slow-consumer", new SlowConsumerGuard(settings.getSlowConsumerTimeout(), metrics));
        p.addLast("auth", new AuthHandler(access, presence, transport, settings.getAuthTimeout(),
                settings.getHeartbeatInterval(), workers.next()));
        p.addLast("dispatch", dispatcher);
        p.addLast("errors", new ChannelErrorHandler());
    }
}
