package dev.gatewise.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Closes an HTTP connection that neither sends nor receives for the timeout (a long download is not idle). */
final class HttpIdleHandler extends IdleStateHandler {
    HttpIdleHandler(Duration timeout) {
        super(true, 0, 0, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        ctx.close();
    }
}
