package dev.gatewise.im.transport;

import dev.gatewise.access.AccessCheck;
import dev.gatewise.access.AccessDenied;
import dev.gatewise.access.AccessRequest;
import dev.gatewise.access.Action;
import dev.gatewise.access.Credentials;
import dev.gatewise.access.Protocol;
import dev.gatewise.access.SessionEnd;
import dev.gatewise.im.presence.PresenceService;
import dev.gatewise.im.protocol.ClientFrame;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ErrorFrame;
import dev.gatewise.im.protocol.ServerFrame;
import dev.gatewise.im.session.Connection;
import dev.gatewise.im.session.Transport;
import dev.gatewise.im.store.StoreUnavailableException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate: the first frame must be {@code auth} with a token the access check lets in, within the auth timeout. On
 * success the connection is registered, watched until its session ends (then told {@code session_ended} or {@code
 * token_expired}, and closed), and this handler leaves the pipeline; anything else closes it.
 *
 * <p>It runs on the event loop, and checks the token on the connection's worker (that reads the store). Frames that
 * arrive meanwhile are held and passed on in order once the connection is signed in, so none overtakes another.
 */
public final class AuthHandler extends SimpleChannelInboundHandler<ClientFrame> {
    private static final Logger log = LoggerFactory.getLogger(AuthHandler.class);
    /** Frames a client may send after auth before auth_ok; the rate limit bounds them too. */
    private static final int MAX_HELD_FRAMES = 64;

    private final AccessCheck access;
    private final PresenceService presence;
    private final Transport transport;
    private final Duration timeout;
    private final int heartbeatSeconds;
    private final EventExecutor worker;
    private ScheduledFuture<?> deadline;
    /** Frames after the auth frame, while its token is checked; null before it. */
    private ArrayDeque<ClientFrame> held;

    /** @param worker the worker this connection's blocking work will run on, in order */
    public AuthHandler(AccessCheck access, PresenceService presence, Transport transport,
                       Duration timeout, Duration heartbeat, EventExecutor worker) {
        this.access = access;
        this.presence = presence;
        this.transport = transport;
        this.timeout = timeout;
        this.heartbeatSeconds = (int) heartbeat.toSeconds();
        this.worker = worker;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> reject(ctx, null, ErrorCode.AUTH_TIMEOUT,
                "no auth frame within " + timeout.toMillis() + " ms"), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        deadline.cancel(false);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientFrame frame) {
        if (held != null) {
            if (held.size() == MAX_HELD_FRAMES) {
                reject(ctx, frame.id(), ErrorCode.RATE_LIMITED, "too many frames before auth_ok");
                return;
            }
            held.add(frame);
            return;
        }
        if (!(frame instanceof ClientFrame.Auth auth)) {
            reject(ctx, frame.id(), ErrorCode.NOT_AUTHENTICATED, "the first frame must be auth");
            return;
        }
        held = new ArrayDeque<>();
        worker.execute(() -> check(ctx, auth));
    }

    /** On the worker: checks the token and registers the connection, then finishes on the event loop. */
    private void check(ChannelHandlerContext ctx, ClientFrame.Auth auth) {
        String user;
        try {
            user = access.check(AccessRequest.of(Protocol.CHAT, Action.LOGIN, null, Credentials.token(auth.token())));
        } catch (StoreUnavailableException e) {
            reject(ctx, auth.id(), ErrorCode.RETRY, "storage is unavailable; connect again shortly");
            return;
        } catch (AccessDenied e) {
            if (e.reason() == AccessDenied.Reason.EXPIRED) {
                reject(ctx, auth.id(), ErrorCode.TOKEN_EXPIRED, "token expired; log in again");
            } else if (e.reason() == AccessDenied.Reason.FORBIDDEN) {
                reject(ctx, auth.id(), ErrorCode.FORBIDDEN, e.getMessage());
            } else {
                reject(ctx, auth.id(), ErrorCode.AUTH_FAILED, "unknown token; log in again");
            }
            return;
        }
        String device = auth.device() != null ? auth.device() : "anon-" + UUID.randomUUID();
        var connection = new Connection(ctx.channel(), user, device, transport, worker);
        try {
            presence.connected(connection).ifPresent(old -> {
                log.info("{} replaced by a new connection of the same device", old);
                old.close(ErrorCode.REPLACED, "signed in again on the same device");
            });
        } catch (StoreUnavailableException e) {
            log.warn("Could not record {} as online: {}", connection, e.getMessage());
        }
        watchSession(connection, auth.token());
        ctx.executor().execute(() -> signedIn(ctx, auth, connection));
    }

    /** On the event loop: the connection is in; the frames held meanwhile go on, in order. */
    private void signedIn(ChannelHandlerContext ctx, ClientFrame.Auth auth, Connection connection) {
        if (!ctx.channel().isActive()) {
            // Closed while its token was checked: nothing downstream knows it, so it is forgotten here.
            worker.execute(() -> presence.disconnected(connection));
            return;
        }
        ctx.channel().attr(Connection.KEY).set(connection);
        connection.send(new ServerFrame.AuthOk(auth.id(), connection.user(), connection.device(), 1, heartbeatSeconds,
                System.currentTimeMillis()));
        log.debug("Authenticated {}", connection);
        held.forEach(ctx::fireChannelRead);
        ctx.pipeline().remove(this);
    }

    /** Closes the connection when its token is logged out, revoked or expires, on whichever node. */
    private void watchSession(Connection connection, String token) {
        AccessCheck.Watch watch;
        try {
            watch = access.watch(token, end -> {
                log.info("Closing {}: {}", connection, end.description());
                connection.close(end == SessionEnd.EXPIRED ? ErrorCode.TOKEN_EXPIRED : ErrorCode.SESSION_ENDED,
                        end.description());
            });
        } catch (StoreUnavailableException e) {
            // Let in on a token just read: its expiry is not known, so the connection is not kept.
            connection.close(ErrorCode.RETRY, "storage is unavailable; connect again shortly");
            return;
        }
        connection.channel().closeFuture().addListener(closed -> watch.close());
    }

    private void reject(ChannelHandlerContext ctx, String requestId, ErrorCode code, String reason) {
        log.info("Rejecting {}: {} ({})", ctx.channel().remoteAddress(), code.wireName(), reason);
        ctx.channel().config().setAutoRead(false);
        ctx.channel().writeAndFlush(new ErrorFrame(requestId, code, reason)).addListener(ChannelFutureListener.CLOSE);
    }
}
