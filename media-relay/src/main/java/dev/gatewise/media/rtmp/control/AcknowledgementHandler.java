package dev.gatewise.media.rtmp.control;

import dev.gatewise.media.rtmp.chunk.ControlMessages;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Counts the bytes the peer sends and acknowledges them each time its window (from its Window Acknowledgement Size)
 * fills, as the protocol requires: some encoders stop sending when they see no acknowledgement.
 */
public final class AcknowledgementHandler extends ChannelInboundHandlerAdapter {
    private long received;
    private long acknowledged;
    private long window;

    /** The peer's Window Acknowledgement Size; 0 (the initial state) means the peer wants none. */
    public void window(long size) {
        this.window = size;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            received += bytes.readableBytes();
            if (window > 0 && received - acknowledged >= window) {
                acknowledged = received;
                // The sequence number is the byte count, wrapping at 32 bits.
                ctx.writeAndFlush(ControlMessages.acknowledgement(received & 0xFFFFFFFFL), ctx.voidPromise());
            }
        }
        ctx.fireChannelRead(msg);
    }
}
