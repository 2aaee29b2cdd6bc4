package dev.gatewise.teamtalk.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token bucket per connection, as on the chat ports. TeamTalk has no error packet to say "slow down", so a client
 * past its burst is logged and closed. On the event loop.
 */
final class PacketRateLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(PacketRateLimiter.class);

    private final double perNano;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();

    PacketRateLimiter(int perSecond, int burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens < 1) {
            io.netty.util.ReferenceCountUtil.release(msg);
            log.info("Closing TeamTalk connection {}: over the rate limit", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        tokens--;
        ctx.fireChannelRead(msg);
    }
}
