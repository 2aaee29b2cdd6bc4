package dev.gatewise.media.rtmp.session;

import dev.gatewise.media.live.LiveStreamRegistry;
import dev.gatewise.media.live.Publication;
import dev.gatewise.media.live.StreamNameTakenException;
import dev.gatewise.media.rtmp.RtmpMetrics;
import dev.gatewise.media.rtmp.RtmpProtocolException;
import dev.gatewise.media.rtmp.RtmpSettings;
import dev.gatewise.media.rtmp.chunk.ControlMessages;
import dev.gatewise.media.rtmp.chunk.MessageType;
import dev.gatewise.media.rtmp.chunk.RtmpMessage;
import dev.gatewise.media.rtmp.pacing.ReadPacing;
import dev.gatewise.media.rtmp.play.PlaybackDirectory;
import dev.gatewise.media.rtmp.play.PlaybackRelay;
import dev.gatewise.media.rtmp.play.Player;
import dev.gatewise.media.stream.LiveStream;
import dev.gatewise.media.stream.StreamAuthorizer;
import dev.gatewise.media.stream.StreamRefusedException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTMP connection's conversation: connect, createStream, then publish (authorised, then fed to the live stream)
 * or play (handed to the stream's playback relay), and the unpublish commands. Commands it does not know are answered
 * with {@code _error} when the client waits for an answer, and otherwise ignored; both are counted.
 */
public final class RtmpSessionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RtmpSessionHandler.class);
    private static final String APP = "live";
    private static final String TOKEN = "token";
    /** Window and peer bandwidth we announce, as common servers do; players acknowledge at this pace. */
    private static final int WINDOW_ACK_SIZE = 2_500_000;
    /** Our outgoing chunk size: fewer headers than the default 128 for media. */
    private static final int OUTGOING_CHUNK_SIZE = 4096;

    private final RtmpSettings settings;
    private final LiveStreamRegistry registry;
    private final StreamAuthorizer authorizer;
    private final PlaybackDirectory playbacks;
    private final RtmpMetrics metrics;
    private ConnectRequest connection;
    private int lastStreamId;
    private boolean publishRequested;
    private boolean playRequested;
    private DataMessage pendingData;
    private Publisher publisher;
    private Player player;
    private PlaybackRelay playing;
    /** Stops watching the publisher's session. */
    private Runnable unwatchSession;

    public RtmpSessionHandler(RtmpSettings settings, LiveStreamRegistry registry, StreamAuthorizer authorizer,
            PlaybackDirectory playbacks, RtmpMetrics metrics) {
        this.settings = settings;
        this.registry = registry;
        this.authorizer = authorizer;
        this.playbacks = playbacks;
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Command command) {
            command(ctx, command);
        } else if (msg instanceof DataMessage data) {
            if (publisher != null && data.streamId() == publisher.streamId()) {
                accepting(ctx, () -> publisher.data(data));
            } else if (publisher == null && publishRequested) {
                // ffmpeg sends its metadata right after the publish, while the decision is still out.
                pendingData = data;
            }
        } else if (msg instanceof RtmpMessage message) {
            try {
                media(ctx, message);
            } finally {
                message.release();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        // Players only receive; the idle limit is for publishers and connections that never get going.
        if (event instanceof IdleStateEvent && player == null) {
            ctx.fireExceptionCaught(new RtmpProtocolException("sent nothing for "
                    + settings.getIdleTimeout().toSeconds() + " s"));
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stopWatchingSession();
        if (publisher != null) {
            publisher.publication().end(false);
            publisher = null;
        }
        stopPlaying();
        super.channelInactive(ctx);
    }

    private void command(ChannelHandlerContext ctx, Command command) {
        if (connection == null && !command.name().equals("connect")) {
            throw new RtmpProtocolException("command '" + LogSafe.text(command.name()) + "' before connect");
        }
        switch (command.name()) {
            case "connect" -> connect(ctx, command);
            case "createStream" -> ctx.writeAndFlush(Responses.result(command.transactionId(), ++lastStreamId));
            case "releaseStream", "FCPublish" -> answerNull(ctx, command);
            case "publish" -> publish(ctx, command);
            case "play" -> play(ctx, command);
            case "FCUnpublish" -> {
                unpublish();
                answerNull(ctx, command);
            }
            case "deleteStream", "closeStream" -> {
                unpublish();
                stopPlaying();
            }
            default -> {
                metrics.unknownCommand();
                log.debug("Unknown RTMP command '{}' from {}", LogSafe.text(command.name()),
                        ctx.channel().remoteAddress());
                if (command.expectsAnswer()) {
                    ctx.writeAndFlush(Responses.error(command.transactionId(), "NetConnection.Call.Failed",
                            "unknown command " + LogSafe.text(command.name())));
                }
            }
        }
    }

    private void connect(ChannelHandlerContext ctx, Command command) {
        if (connection != null) {
            throw new RtmpProtocolException("second connect on one connection");
        }
        ConnectRequest request;
        try {
            request = ConnectRequest.from(command.commandObject());
        } catch (IllegalArgumentException e) {
            rejectConnect(ctx, command, e.getMessage());
            return;
        }
        if (!APP.equals(request.app())) {
            rejectConnect(ctx, command, "unknown application '" + LogSafe.text(request.app()) + "' (use /" + APP + ")");
            return;
        }
        connection = request;
        ctx.write(ControlMessages.windowAckSize(WINDOW_ACK_SIZE));
        ctx.write(ControlMessages.setPeerBandwidth(WINDOW_ACK_SIZE));
        ctx.write(ControlMessages.setChunkSize(OUTGOING_CHUNK_SIZE));
        ctx.writeAndFlush(Responses.connectSuccess(command.transactionId()));
    }

    private void rejectConnect(ChannelHandlerContext ctx, Command command, String reason) {
        log.warn("Closing RTMP connection from {}: connect refused: {}", ctx.channel().remoteAddress(), reason);
        ctx.writeAndFlush(Responses.error(command.transactionId(), "NetConnection.Connect.Rejected", reason))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void publish(ChannelHandlerContext ctx, Command command) {
        if (publishRequested || playRequested) {
            throw new RtmpProtocolException("publish on a connection that already publishes or plays");
        }
        publishRequested = true;
        int streamId = command.streamId();
        StreamRequest request;
        try {
            request = StreamRequest.parse(command.stringArgument(0));
        } catch (IllegalArgumentException e) {
            refusePublish(ctx, streamId, "NetStream.Publish.BadName", e.getMessage(), "bad_name",
                    LogSafe.text(withoutQuery(command.stringArgument(0))));
            return;
        }
        String name = request.name();
        if (registry.isLive(name)) {
            refusePublish(ctx, streamId, "NetStream.Publish.BadName", "stream already publishing", "name_taken", name);
            return;
        }
        Map<String, String> merged = new LinkedHashMap<>(connection.query());
        merged.putAll(request.query());
        Map<String, String> query = Collections.unmodifiableMap(merged);
        decide(ctx, name, () -> authorizer.publish(name, query),
                (user, error) -> authorized(ctx, streamId, name, query, user, error));
    }

    /**
     * Asks the authorizer and hands its decision back to this connection's loop, which never waits for it: the
     * decision may come on any thread (a store, an HTTP client), and the session is only touched on its loop.
     */
    private static void decide(ChannelHandlerContext ctx, String name, Supplier<CompletableFuture<String>> ask,
                               BiConsumer<String, Throwable> then) {
        CompletableFuture<String> decision;
        try {
            decision = ask.get();
        } catch (RuntimeException e) {
            decision = CompletableFuture.failedFuture(e);
        }
        if (decision == null) {
            decision = CompletableFuture.failedFuture(new IllegalStateException("the authorizer gave no decision"));
        }
        decision.whenComplete((user, error) -> {
            try {
                ctx.executor().execute(() -> then.accept(user, error));
            } catch (RejectedExecutionException e) {
                log.debug("Decision for {} arrived after shutdown", name);
            }
        });
    }

    /** What the authorizer threw, unwrapped. */
    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private void authorized(ChannelHandlerContext ctx, int streamId, String name, Map<String, String> query,
            String user, Throwable error) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (error != null || user == null) {
            Throwable cause = cause(error);
            if (cause instanceof StreamRefusedException refused) {
                refusePublish(ctx, streamId, "NetStream.Publish.Unauthorized", refused.getMessage(), "unauthorized",
                        name);
            } else {
                log.warn("Publish authorization of stream {} failed", name, cause);
                refusePublish(ctx, streamId, "NetStream.Publish.Unauthorized", "authorization failed", "error", name);
            }
            return;
        }
        DataMessage early = pendingData != null && pendingData.streamId() == streamId ? pendingData : null;
        pendingData = null;
        if (early != null) {
            try {
                Publisher.checkDeclaredCodecs(early);
            } catch (UnsupportedCodecException e) {
                refusePublish(ctx, streamId, "NetStream.Publish.Rejected", e.getMessage(), "unsupported_codec", name);
                return;
            }
        }
        Map<String, String> params = new LinkedHashMap<>(query);
        params.remove(TOKEN);
        LiveStream stream = new LiveStream(name, user, params, Instant.now());
        PlaybackRelay relay = new PlaybackRelay(name, ctx.executor(), settings.getMaxPlayersPerStream(),
                settings.getMaxGopCacheBytes(), playbacks, metrics);
        Publication publication;
        try {
            publication = registry.start(stream, List.of(relay), settings.getMaxStreams());
        } catch (StreamNameTakenException e) {
            refusePublish(ctx, streamId, "NetStream.Publish.BadName", e.getMessage(), "name_taken", name);
            return;
        } catch (StreamRefusedException e) {
            refusePublish(ctx, streamId, "NetStream.Publish.Failed", e.getMessage(), "too_many_streams", name);
            return;
        }
        playbacks.register(relay);
        publisher = new Publisher(publication, streamId);
        unwatchSession = authorizer.watchPublisher(query, reason -> ctx.executor().execute(
                () -> sessionEnded(ctx, streamId, name, reason)));
        if (early != null) {
            publisher.data(early);
        }
        ctx.write(ControlMessages.userControl(ControlMessages.USER_STREAM_BEGIN, streamId));
        ctx.writeAndFlush(Responses.onStatus(streamId, Responses.STATUS, "NetStream.Publish.Start",
                name + " is now published"));
        ctx.pipeline().fireUserEventTriggered(ReadPacing.START);
    }

    /** The publisher's session ended (logout, expiry, revocation): the status, and the close that ends the stream. */
    private void sessionEnded(ChannelHandlerContext ctx, int streamId, String name, String reason) {
        if (publisher == null || publisher.streamId() != streamId || !ctx.channel().isActive()) {
            return;
        }
        log.info("Ending the publish of '{}' from {}: {}", name, ctx.channel().remoteAddress(), reason);
        ctx.writeAndFlush(Responses.onStatus(streamId, Responses.ERROR, "NetStream.Publish.Unauthorized", reason))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void refusePublish(ChannelHandlerContext ctx, int streamId, String code, String reason, String metric,
            String name) {
        metrics.publishRefused(metric);
        log.warn("Closing RTMP connection from {}: publish of '{}' refused: {}", ctx.channel().remoteAddress(), name,
                reason);
        ctx.writeAndFlush(Responses.onStatus(streamId, Responses.ERROR, code, reason))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void media(ChannelHandlerContext ctx, RtmpMessage message) {
        if (publisher == null || message.streamId() != publisher.streamId()) {
            return;
        }
        if (message.type() == MessageType.VIDEO) {
            accepting(ctx, () -> publisher.video(message));
        } else if (message.type() == MessageType.AUDIO) {
            accepting(ctx, () -> publisher.audio(message));
        }
    }

    /** Feeds the publisher; a codec it refuses gets the publisher a status, then the close. */
    private void accepting(ChannelHandlerContext ctx, Runnable feed) {
        try {
            feed.run();
        } catch (UnsupportedCodecException e) {
            metrics.publishRefused("unsupported_codec");
            ctx.writeAndFlush(Responses.onStatus(publisher.streamId(), Responses.ERROR, "NetStream.Publish.Rejected",
                    e.getMessage()));
            // Ended now, not at the close: media already read behind this message must not get it announced.
            publisher.publication().end(false);
            publisher = null;
            // The error handler logs the reason and closes the connection, which ends the stream.
            throw e;
        }
    }

    private void play(ChannelHandlerContext ctx, Command command) {
        if (publishRequested || playRequested) {
            throw new RtmpProtocolException("play on a connection that already publishes or plays");
        }
        playRequested = true;
        int streamId = command.streamId();
        StreamRequest request;
        try {
            request = StreamRequest.parse(command.stringArgument(0));
        } catch (IllegalArgumentException e) {
            notFound(ctx, streamId, LogSafe.text(withoutQuery(command.stringArgument(0))));
            return;
        }
        String name = request.name();
        Map<String, String> query = new LinkedHashMap<>(connection.query());
        query.putAll(request.query());
        decide(ctx, name, () -> authorizer.play(name, Collections.unmodifiableMap(query)),
                (user, error) -> playAuthorized(ctx, streamId, name, error));
    }

    private void playAuthorized(ChannelHandlerContext ctx, int streamId, String name, Throwable error) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (error != null) {
            Throwable cause = cause(error);
            String reason = cause instanceof StreamRefusedException ? cause.getMessage() : "authorization failed";
            if (!(cause instanceof StreamRefusedException)) {
                log.warn("Play authorization of stream {} failed", name, cause);
            }
            log.info("RTMP play of '{}' from {} refused: {}", name, ctx.channel().remoteAddress(), reason);
            ctx.writeAndFlush(Responses.onStatus(streamId, Responses.ERROR, "NetStream.Play.Failed", reason))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        PlaybackRelay relay = playbacks.find(name);
        if (relay == null) {
            notFound(ctx, streamId, name);
            return;
        }
        player = new Player(ctx.channel(), streamId, metrics);
        playing = relay;
        relay.join(player);
    }

    private static void notFound(ChannelHandlerContext ctx, int streamId, String name) {
        log.info("RTMP play of '{}' from {}: stream not found", name, ctx.channel().remoteAddress());
        ctx.writeAndFlush(Responses.onStatus(streamId, Responses.ERROR, "NetStream.Play.StreamNotFound",
                "stream " + name + " is not live")).addListener(ChannelFutureListener.CLOSE);
    }

    private void stopWatchingSession() {
        if (unwatchSession != null) {
            unwatchSession.run();
            unwatchSession = null;
        }
    }

    private void unpublish() {
        stopWatchingSession();
        if (publisher != null) {
            publisher.publication().end(true);
            publisher = null;
        }
    }

    private void stopPlaying() {
        if (player != null) {
            playing.leave(player);
            player = null;
            playing = null;
        }
    }

    private void answerNull(ChannelHandlerContext ctx, Command command) {
        if (command.expectsAnswer()) {
            ctx.writeAndFlush(Responses.result(command.transactionId(), null));
        }
    }

    /** A raw stream name without its query, which may hold a token that has no place in a log. */
    private static String withoutQuery(String raw) {
        return raw == null || raw.indexOf('?') < 0 ? raw : raw.substring(0, raw.indexOf('?'));
    }
}
