package dev.gatewise.im.transport;

import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ErrorFrame;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes a connection that has sent nothing, not even a ping, for the idle timeout. */
final class IdleTimeoutHandler extends IdleStateHandler {
    private static final Logger log = LoggerFactory.getLogger(IdleTimeoutHandler.class);

    private final Duration timeout;

    IdleTimeoutHandler(Duration timeout) {
        super(timeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS);
        this.timeout = timeout;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        log.debug("Closing idle connection {}", ctx.channel().remoteAddress());
        ctx.channel().writeAndFlush(new ErrorFrame(null, ErrorCode.IDLE_TIMEOUT,
                "nothing received for " + timeout.toMillis() + " ms; send ping frames to stay connected"))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
