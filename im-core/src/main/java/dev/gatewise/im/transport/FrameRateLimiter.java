package dev.gatewise.im.transport;

import dev.gatewise.im.protocol.ClientFrame;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ErrorFrame;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token bucket per connection. A frame over the rate is dropped with a {@code rate_limited} error
 * (at most one error a second). A flood is a run of drops with no quiet second between them; a client
 * that floods for over a second and has lost more than a whole burst in it is disconnected.
 */
final class FrameRateLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(FrameRateLimiter.class);
    private static final long SECOND = 1_000_000_000L;

    private final double perSecond;
    private final double burst;
    private double tokens;
    private long refilledAt = System.nanoTime();
    private long lastErrorAt = System.nanoTime() - SECOND;
    private long floodingSince;
    private long lastDropAt;
    private int dropped;
    private boolean closing;

    FrameRateLimiter(int perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - refilledAt) * perSecond / 1e9);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            ctx.fireChannelRead(msg);
            return;
        }
        if (dropped == 0 || now - lastDropAt > SECOND) {
            floodingSince = now;
            dropped = 0;
        }
        dropped++;
        lastDropAt = now;
        String id = msg instanceof ClientFrame frame ? frame.id() : null;
        ReferenceCountUtil.release(msg);
        if (dropped > burst && now - floodingSince >= SECOND) {
            closing = true;
            log.info("Closing {}: still flooding after {} dropped frames", ctx.channel().remoteAddress(), dropped);
            ctx.channel().config().setAutoRead(false);
            ctx.channel().writeAndFlush(new ErrorFrame(id, ErrorCode.RATE_LIMITED,
                    "disconnected for sending more than " + (int) perSecond + " frames per second"))
                    .addListener(ChannelFutureListener.CLOSE);
        } else if (now - lastErrorAt >= SECOND) {
            lastErrorAt = now;
            ctx.channel().writeAndFlush(new ErrorFrame(id, ErrorCode.RATE_LIMITED,
                    "over " + (int) perSecond + " frames per second: frame dropped, send it again later"));
        }
    }
}
