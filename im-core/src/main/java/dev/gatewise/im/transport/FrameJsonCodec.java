package dev.gatewise.im.transport;

import dev.gatewise.im.metrics.ChatMetrics;
import dev.gatewise.im.protocol.EncodedFrame;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ErrorFrame;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.protocol.ProtocolException;
import dev.gatewise.im.protocol.ServerFrame;
import dev.gatewise.im.session.Connection;
import dev.gatewise.im.session.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One frame's bytes to a {@link dev.gatewise.im.protocol.ClientFrame}, and server frames to bytes. A frame that is
 * refused gets an error frame; a connection that keeps sending frames that are not even JSON (or not UTF-8) is
 * closed. Frames that are JSON but of a type or shape this server does not know are only answered: a newer client
 * must not be cut off for them. The count of undecodable frames leaks away, one per {@code decay}.
 */
final class FrameJsonCodec extends MessageToMessageCodec<ByteBuf, Object> {
    private static final Logger log = LoggerFactory.getLogger(FrameJsonCodec.class);

    private final Transport transport;
    private final ChatMetrics metrics;
    private final int maxBadFrames;
    private final long decayNanos;
    private int badFrames;
    private long drainedUntil;

    FrameJsonCodec(Transport transport, ChatMetrics metrics, int maxBadFrames, Duration decay) {
        this.transport = transport;
        this.metrics = metrics;
        this.maxBadFrames = maxBadFrames;
        this.decayNanos = Math.max(1, decay.toNanos());
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof ServerFrame || msg instanceof EncodedFrame;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        byte[] json;
        if (msg instanceof EncodedFrame encoded) {
            json = encoded.json();
        } else {
            var frame = (ServerFrame) msg;
            if (frame instanceof ErrorFrame error) {
                metrics.error(error.code());
            }
            json = FrameJson.encode(frame);
        }
        metrics.frameOut(transport);
        out.add(Unpooled.wrappedBuffer(json));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
        metrics.frameIn(transport);
        try {
            out.add(FrameJson.decode(io.netty.buffer.ByteBufUtil.getBytes(bytes)));
        } catch (ProtocolException e) {
            refuse(ctx.channel(), e);
        }
    }

    /**
     * Answers a frame that could not be decoded with an error, and closes the connection after too many.
     * Also called by the transport for frames it refuses before they get here (WebSocket binary frames),
     * so that they count too. On the channel's event loop.
     */
    void refuse(Channel channel, ProtocolException e) {
        log.debug("Bad frame from {}: {} {}", channel.remoteAddress(), e.code(), e.getMessage());
        if (channel.attr(Connection.KEY).get() == null) {
            // Not signed in: the first frame must be a valid auth (a malformed token is the end, as an unknown one).
            log.info("Rejecting {}: {} before auth ({})", channel.remoteAddress(), e.code().wireName(), e.getMessage());
            channel.config().setAutoRead(false);
            channel.writeAndFlush(e.toFrame()).addListener(ChannelFutureListener.CLOSE);
        } else if (undecodable(e.code()) && countBadFrame() >= maxBadFrames) {
            log.info("Closing {}: {} undecodable frames in a row", channel.remoteAddress(), maxBadFrames);
            channel.writeAndFlush(new ErrorFrame(e.requestId(), ErrorCode.TOO_MANY_ERRORS,
                    "closing after " + maxBadFrames + " frames that could not be decoded; last: " + e.getMessage()))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.writeAndFlush(e.toFrame());
        }
    }

    private static boolean undecodable(ErrorCode code) {
        return code == ErrorCode.MALFORMED_JSON || code == ErrorCode.INVALID_UTF8;
    }

    /** Adds one to the leaky count (one drains away per whole {@code decay}) and returns it. */
    private int countBadFrame() {
        long now = System.nanoTime();
        if (badFrames == 0) {
            drainedUntil = now;
        } else {
            long drained = (now - drainedUntil) / decayNanos;
            badFrames = (int) Math.max(0, badFrames - drained);
            drainedUntil += drained * decayNanos;
        }
        return ++badFrames;
    }
}
