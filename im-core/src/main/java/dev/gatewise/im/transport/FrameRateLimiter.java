package dev.gatewise.im.transport;

import dev.gatewise.im.protocol.ClientFrame;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ErrorFrame;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token bucket per connection. A frame over the rate is dropped with a {@code rate_limited} error
 * (at most one error a second); a client that keeps flooding after that is disconnected.
 */
final class FrameRateLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(FrameRateLimiter.class);
    private static final long ERROR_INTERVAL_NANOS = 1_000_000_000L;

    private final double perSecond;
    private final double burst;
    private double tokens;
    private long refilledAt = System.nanoTime();
    private long lastErrorAt = System.nanoTime() - ERROR_INTERVAL_NANOS;
    private int droppedInRow;

    FrameRateLimiter(int perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - refilledAt) * perSecond / 1e9);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            droppedInRow = 0;
            ctx.fireChannelRead(msg);
            return;
        }
        droppedInRow++;
        String id = msg instanceof ClientFrame frame ? frame.id() : null;
        if (droppedInRow > burst) {
            log.info("Closing {}: still flooding after {} dropped frames", ctx.channel().remoteAddress(), droppedInRow);
            ctx.channel().writeAndFlush(new ErrorFrame(id, ErrorCode.RATE_LIMITED,
                    "disconnected for sending more than " + (int) perSecond + " frames per second"))
                    .addListener(ChannelFutureListener.CLOSE);
            ctx.channel().config().setAutoRead(false);
        } else if (now - lastErrorAt >= ERROR_INTERVAL_NANOS) {
            lastErrorAt = now;
            ctx.channel().writeAndFlush(new ErrorFrame(id, ErrorCode.RATE_LIMITED,
                    "over " + (int) perSecond + " frames per second: frame dropped, send it again later"));
        }
    }
}
