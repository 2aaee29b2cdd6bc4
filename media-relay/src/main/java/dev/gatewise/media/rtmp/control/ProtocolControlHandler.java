package dev.gatewise.media.rtmp.control;

import dev.gatewise.media.rtmp.chunk.ControlMessages;
import dev.gatewise.media.rtmp.chunk.MessageType;
import dev.gatewise.media.rtmp.chunk.RtmpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * Answers the protocol and user control messages that concern the connection, not a stream: the peer's window size,
 * its acknowledgements, bandwidth hints and pings. Everything else goes on to the session.
 */
public final class ProtocolControlHandler extends SimpleChannelInboundHandler<RtmpMessage> {
    private final AcknowledgementHandler acknowledgements;

    public ProtocolControlHandler(AcknowledgementHandler acknowledgements) {
        super(RtmpMessage.class, false);
        this.acknowledgements = acknowledgements;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RtmpMessage message) {
        switch (message.type()) {
            case MessageType.WINDOW_ACK_SIZE -> {
                try {
                    ByteBuf payload = message.content();
                    if (payload.readableBytes() >= 4) {
                        acknowledgements.window(payload.getUnsignedInt(payload.readerIndex()));
                    }
                } finally {
                    message.release();
                }
            }
            case MessageType.USER_CONTROL -> {
                try {
                    answerUserControl(ctx, message.content());
                } finally {
                    message.release();
                }
            }
            // Acknowledgements of what we sent and bandwidth hints: we send at the pace TCP allows, so neither matters.
            case MessageType.ACKNOWLEDGEMENT, MessageType.SET_PEER_BANDWIDTH -> message.release();
            default -> ctx.fireChannelRead(message);
        }
    }

    private static void answerUserControl(ChannelHandlerContext ctx, ByteBuf payload) {
        if (payload.readableBytes() >= 6
                && payload.getUnsignedShort(payload.readerIndex()) == ControlMessages.USER_PING_REQUEST) {
            int timestamp = payload.getInt(payload.readerIndex() + 2);
            ctx.writeAndFlush(ControlMessages.userControl(ControlMessages.USER_PING_RESPONSE, timestamp),
                    ctx.voidPromise());
        }
    }
}
