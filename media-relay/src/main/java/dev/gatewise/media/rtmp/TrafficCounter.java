package dev.gatewise.media.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Counts the reads and bytes every RTMP connection receives, and the bytes it sends; one instance serves all. */
@ChannelHandler.Sharable
final class TrafficCounter extends ChannelDuplexHandler {
    private final RtmpMetrics metrics;

    TrafficCounter(RtmpMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            metrics.read(bytes.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            metrics.bytesOut(bytes.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
