package dev.gatewise.media.rtmp.handshake;

import dev.gatewise.media.rtmp.RtmpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the RTMP handshake (RTMP specification 1.0, section 5.2): reads C0 and C1, answers S0, S1 and
 * S2 at once, waits for C2, then removes itself so the bytes after C2 reach the chunk decoder.
 *
 * <p>A client whose C1 carries a valid Flash Player digest (ffmpeg's and OBS's do) gets the "complex" answer it can
 * verify: a digest in S1 and a signed S2 ({@link HandshakeDigest}). Any other client gets the plain one: S1 with
 * version 0 and S2 echoing C1. C2 is not checked: clients differ in what they send, and nothing depends on it.
 */
public final class HandshakeHandler extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(HandshakeHandler.class);
    private static final int RTMP_VERSION = 3;
    private static final int ENCRYPTED_RTMP_VERSION = 6;
    private static final int HANDSHAKE_SIZE = HandshakeDigest.PACKET_SIZE;

    private final Duration timeout;
    private boolean c1Received;
    private boolean failed;
    private ScheduledFuture<?> timeoutTask;

    public HandshakeHandler(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        timeoutTask = ctx.executor().schedule(() -> {
            failed = true;
            ctx.fireExceptionCaught(new RtmpProtocolException(
                    "handshake not completed within " + timeout.toMillis() + " ms"));
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // Still here means the handshake never finished: a client that gave up, or something that is not RTMP.
        if (!failed) {
            if (c1Received || actualReadableBytes() > 0) {
                log.warn("RTMP connection from {} closed during the handshake, {} of {} bytes of {} received",
                        ctx.channel().remoteAddress(), actualReadableBytes(),
                        c1Received ? HANDSHAKE_SIZE : HANDSHAKE_SIZE + 1, c1Received ? "C2" : "C0+C1");
            } else {
                log.debug("Connection from {} closed before sending anything", ctx.channel().remoteAddress());
            }
        }
        cancelTimeout();
        super.channelInactive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            // The connection is being closed; the rest of the garbage needs no second complaint.
            in.skipBytes(in.readableBytes());
            return;
        }
        if (!c1Received) {
            int version = in.getUnsignedByte(in.readerIndex());
            if (version == ENCRYPTED_RTMP_VERSION) {
                failed = true;
                throw new RtmpProtocolException("encrypted RTMP (RTMPE) is not supported");
            }
            if (version != RTMP_VERSION) {
                failed = true;
                throw new RtmpProtocolException("not an RTMP client: first byte 0x" + Integer.toHexString(version));
            }
            if (in.readableBytes() < 1 + HANDSHAKE_SIZE) {
                return;
            }
            in.skipBytes(1);
            byte[] c1 = new byte[HANDSHAKE_SIZE];
            in.readBytes(c1);
            ByteBuf response = ctx.alloc().buffer(1 + 2 * HANDSHAKE_SIZE);
            response.writeByte(RTMP_VERSION);
            int clientDigest = HandshakeDigest.clientDigestPosition(c1);
            if (clientDigest < 0) {
                writePlainS1(response);
                // S2 echoes C1.
                response.writeBytes(c1);
            } else {
                response.writeBytes(HandshakeDigest.serverS1(clientDigest));
                response.writeBytes(HandshakeDigest.serverS2(c1, clientDigest));
            }
            ctx.writeAndFlush(response, ctx.voidPromise());
            c1Received = true;
        }
        if (in.readableBytes() < HANDSHAKE_SIZE) {
            return;
        }
        in.skipBytes(HANDSHAKE_SIZE);
        cancelTimeout();
        ctx.pipeline().remove(this);
    }

    private static void writePlainS1(ByteBuf out) {
        out.writeInt(0);
        out.writeInt(0);
        byte[] random = new byte[HANDSHAKE_SIZE - 8];
        ThreadLocalRandom.current().nextBytes(random);
        out.writeBytes(random);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimeout();
    }

    private void cancelTimeout() {
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
            timeoutTask = null;
        }
    }
}
