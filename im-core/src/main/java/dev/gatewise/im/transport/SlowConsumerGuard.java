package dev.gatewise.im.transport;

import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.metrics.ChatMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts off a client that does not read: once its outbound buffer passes the high-water mark, pushes
 * stop (see {@link dev.gatewise.im.session.Connection#push}); if it is still full after the timeout, the
 * connection is closed. Its messages stay in the store for the next sync.
 */
public final class SlowConsumerGuard extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SlowConsumerGuard.class);

    private final Duration timeout;
    private final ChatMetrics metrics;

    public SlowConsumerGuard(Duration timeout, ChatMetrics metrics) {
        this.timeout = timeout;
        this.metrics = metrics;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            ctx.executor().schedule(() -> {
                if (ctx.channel().isActive() && !ctx.channel().isWritable()) {
                    log.info("Closing {}: slow consumer, outbound buffer full for {} ms", ctx.channel().remoteAddress(),
                            timeout.toMillis());
                    metrics.error(ErrorCode.SLOW_CONSUMER);
                    ctx.channel().close();
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelWritabilityChanged();
    }
}
