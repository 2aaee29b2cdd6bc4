package dev.gatewise.im.session;

import dev.gatewise.im.protocol.EncodedFrame;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ErrorFrame;
import dev.gatewise.im.protocol.ServerFrame;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One authenticated device of a user, connected to this node over TCP or WebSocket. */
public final class Connection {
    public static final AttributeKey<Connection> KEY = AttributeKey.valueOf("gatewise.connection");
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** A frame that could not be written to an open channel is a bug (an answer the client never gets). */
    private static final ChannelFutureListener LOG_FAILURE = future -> {
        if (!future.isSuccess() && future.channel().isActive()) {
            log.warn("Could not send a frame to {}", future.channel().remoteAddress(), future.cause());
        }
    };

    private final Channel channel;
    private final String user;
    private final String device;
    private final Transport transport;
    private final EventExecutor worker;
    /** Frames handed to the worker and not yet handled there. */
    private final AtomicInteger onWorker = new AtomicInteger();
    private final long connectedAt = System.currentTimeMillis();

    /** @param worker the worker thread that handles this connection's frames, in order */
    public Connection(Channel channel, String user, String device, Transport transport, EventExecutor worker) {
        this.channel = channel;
        this.user = user;
        this.device = device;
        this.transport = transport;
        this.worker = worker;
    }

    /** Where work for this connection continues after an asynchronous store call, in order. */
    public EventExecutor worker() {
        return worker;
    }

    /** Runs work that may block on this connection's worker, after the work handed to it before. */
    public void onWorker(Runnable work) {
        onWorker.incrementAndGet();
        worker.execute(() -> {
            try {
                work.run();
            } finally {
                onWorker.decrementAndGet();
            }
        });
    }

    /**
     * Whether the worker has nothing of this connection's left to do, so a frame handled on the event loop now
     * cannot overtake an earlier one.
     */
    public boolean workerIdle() {
        return onWorker.get() == 0;
    }

    public String user() {
        return user;
    }

    public String device() {
        return device;
    }

    public Transport transport() {
        return transport;
    }

    public long connectedAt() {
        return connectedAt;
    }

    public Channel channel() {
        return channel;
    }

    /** Answers a request; answers are bounded by the client's own request rate, so they always go out. */
    public ChannelFuture send(ServerFrame frame) {
        return channel.writeAndFlush(frame).addListener(LOG_FAILURE);
    }

    /**
     * Pushes a frame the client did not ask for. A connection whose outbound buffer is full gets
     * nothing more (the message is stored; the client syncs), and is cut off if it stays full.
     */
    public boolean push(EncodedFrame frame) {
        if (!channel.isWritable()) {
            return false;
        }
        channel.writeAndFlush(frame, channel.voidPromise());
        return true;
    }

    /** Sends an error and closes the connection once it is written. */
    public void close(ErrorCode code, String message) {
        channel.writeAndFlush(new ErrorFrame(null, code, message)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public String toString() {
        return user + "/" + device + " (" + transport.tag() + " " + channel.remoteAddress() + ")";
    }
}
