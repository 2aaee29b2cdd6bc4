package dev.gatewise.im.transport;

import dev.gatewise.im.presence.PresenceService;
import dev.gatewise.im.protocol.ClientFrame;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ErrorFrame;
import dev.gatewise.im.protocol.ProtocolException;
import dev.gatewise.im.session.Connection;
import dev.gatewise.im.store.StoreUnavailableException;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each frame of an authenticated connection to the handler for its type. Runs on the event loop: a frame whose
 * handling cannot block ({@link FrameHandlers#handlesWithoutWaiting}) is handled right here when nothing of the
 * connection's is left on its worker; every other frame goes to the connection's worker, which handles them in
 * order (store calls block). Shared by all channels.
 */
@ChannelHandler.Sharable
final class FrameDispatcher extends SimpleChannelInboundHandler<ClientFrame> {
    private static final Logger log = LoggerFactory.getLogger(FrameDispatcher.class);

    private final FrameHandlers handlers;
    private final PresenceService presence;

    FrameDispatcher(FrameHandlers handlers, PresenceService presence) {
        this.handlers = handlers;
        this.presence = presence;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientFrame frame) {
        Connection connection = ctx.channel().attr(Connection.KEY).get();
        long arrived = System.nanoTime();
        if (connection.workerIdle() && handlers.handlesWithoutWaiting(frame)) {
            handle(connection, frame, arrived);
        } else {
            connection.onWorker(() -> handle(connection, frame, arrived));
        }
    }

    private void handle(Connection connection, ClientFrame frame, long arrived) {
        try {
            if (frame instanceof ClientFrame.Auth) {
                throw new ProtocolException(ErrorCode.ALREADY_AUTHENTICATED, "this connection is already signed in",
                        frame.id());
            }
            handlers.handle(connection, frame, arrived);
        } catch (ProtocolException e) {
            connection.send(e.requestId() != null ? e.toFrame() : new ErrorFrame(frame.id(), e.code(), e.getMessage()));
        } catch (StoreUnavailableException e) {
            log.warn("Store unavailable for {} from {}: {}", frame.getClass().getSimpleName(), connection,
                    e.getMessage());
            connection.send(new ErrorFrame(frame.id(), ErrorCode.RETRY, "storage is unavailable; try again shortly"));
        } catch (RuntimeException e) {
            log.error("Failed to handle {} from {}", frame.getClass().getSimpleName(), connection, e);
            connection.send(new ErrorFrame(frame.id(), ErrorCode.INTERNAL, "internal error"));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Connection connection = ctx.channel().attr(Connection.KEY).get();
        if (connection != null) {
            // Presence is kept in the store.
            connection.onWorker(() -> {
                try {
                    presence.disconnected(connection);
                } catch (RuntimeException e) {
                    log.warn("Could not record {} going offline", connection, e);
                }
                log.debug("Disconnected {}", connection);
            });
        }
        ctx.fireChannelInactive();
    }
}
