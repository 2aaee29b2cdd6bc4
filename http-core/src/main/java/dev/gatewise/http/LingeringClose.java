package dev.gatewise.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP connection the way RFC 9112 (9.6) asks: a server that closes while the client is still sending
 * (a refused upload's body) would answer the client's next bytes with a reset, which throws away the answer the
 * client has not read yet. So a close first only ends our side (FIN after the answer), reads and drops what the
 * client still sends until it closes too (Netty closes on its end of input), and closes for good after a few seconds.
 */
final class LingeringClose extends ChannelOutboundHandlerAdapter {
    private static final long LINGER_SECONDS = 5;

    private boolean lingering;

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (!(ctx.channel() instanceof DuplexChannel duplex) || !duplex.isActive()) {
            ctx.close(promise);
            return;
        }
        // Handlers ask more than once (the keep-alive handler and the answer's own listener): one linger for all.
        duplex.closeFuture().addListener(closed -> promise.trySuccess());
        if (lingering) {
            return;
        }
        lingering = true;
        var timer = ctx.executor().schedule(() -> ctx.close(promise), LINGER_SECONDS, TimeUnit.SECONDS);
        duplex.closeFuture().addListener(closed -> timer.cancel(false));
        duplex.shutdownOutput().addListener(shut -> {
            if (!shut.isSuccess()) {
                ctx.close(promise);
            }
        });
        duplex.config().setAutoRead(true);
    }
}
