package dev.gatewise.media.rtmp;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every RTMP connection: closes a connection whatever went wrong on it, and logs why. A peer that
 * broke the protocol or a limit is logged at WARN with the reason; a peer that went away, at DEBUG.
 */
@ChannelHandler.Sharable
final class ConnectionErrorHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionErrorHandler.class);

    private final RtmpMetrics metrics;

    ConnectionErrorHandler(RtmpMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (!ctx.channel().isActive()) {
            return;
        }
        if (reason instanceof RtmpProtocolException) {
            metrics.badConnection();
            log.warn("Closing RTMP connection from {}: {}", ctx.channel().remoteAddress(), reason.getMessage());
        } else if (reason instanceof IOException) {
            log.debug("RTMP connection from {} failed: {}", ctx.channel().remoteAddress(), reason.toString());
        } else {
            metrics.badConnection();
            log.warn("Closing RTMP connection from {} after an unexpected error", ctx.channel().remoteAddress(),
                    reason);
        }
        ctx.close();
    }
}
