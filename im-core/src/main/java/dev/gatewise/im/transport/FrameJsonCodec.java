package dev.gatewise.im.transport;

import dev.gatewise.im.metrics.ChatMetrics;
import dev.gatewise.im.protocol.EncodedFrame;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ErrorFrame;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.protocol.ProtocolException;
import dev.gatewise.im.protocol.ServerFrame;
import dev.gatewise.im.session.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One frame's bytes to a {@link dev.gatewise.im.protocol.ClientFrame}, and server frames to bytes. A frame
 * that cannot be decoded gets an error frame; a connection that keeps sending such frames is closed.
 */
final class FrameJsonCodec extends MessageToMessageCodec<ByteBuf, Object> {
    private static final Logger log = LoggerFactory.getLogger(FrameJsonCodec.class);

    private final Transport transport;
    private final ChatMetrics metrics;
    private final int maxBadFrames;
    private int badFrames;

    FrameJsonCodec(Transport transport, ChatMetrics metrics, int maxBadFrames) {
        this.transport = transport;
        this.metrics = metrics;
        this.maxBadFrames = maxBadFrames;
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof ServerFrame || msg instanceof EncodedFrame;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        byte[] json;
        if (msg instanceof EncodedFrame encoded) {
            json = encoded.json();
        } else {
            var frame = (ServerFrame) msg;
            if (frame instanceof ErrorFrame error) {
                metrics.error(error.code());
            }
            json = FrameJson.encode(frame);
        }
        metrics.frameOut(transport);
        out.add(Unpooled.wrappedBuffer(json));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
        metrics.frameIn(transport);
        try {
            out.add(FrameJson.decode(bytes.nioBuffer()));
        } catch (ProtocolException e) {
            refuse(ctx.channel(), e);
        }
    }

    /**
     * Answers a frame that could not be decoded with an error, and closes the connection after too many.
     * Also called by the transport for frames it refuses before they get here (WebSocket binary frames),
     * so that they count too. On the channel's event loop.
     */
    void refuse(Channel channel, ProtocolException e) {
        badFrames++;
        log.debug("Bad frame from {}: {} {}", channel.remoteAddress(), e.code(), e.getMessage());
        if (badFrames >= maxBadFrames) {
            log.info("Closing {}: {} undecodable frames", channel.remoteAddress(), badFrames);
            channel.writeAndFlush(new ErrorFrame(e.requestId(), ErrorCode.TOO_MANY_ERRORS,
                    "closing after " + badFrames + " frames that could not be decoded; last: " + e.getMessage()))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.writeAndFlush(e.toFrame());
        }
    }
}
