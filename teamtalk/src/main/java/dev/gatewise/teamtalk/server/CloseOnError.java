package dev.gatewise.teamtalk.server;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gatewise.teamtalk.wire.BadPacketException;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of every TeamTalk pipeline: whatever went wrong on a connection is logged with its reason and the
 * connection is closed (TeamTalk has no error packet). Only that connection: others are untouched.
 */
@ChannelHandler.Sharable
final class CloseOnError extends ChannelInboundHandlerAdapter {
    static final CloseOnError INSTANCE = new CloseOnError();
    private static final Logger log = LoggerFactory.getLogger(CloseOnError.class);

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (reason instanceof BadPacketException || reason instanceof CorruptedFrameException) {
            log.info("Closing TeamTalk connection {}: {}", ctx.channel().remoteAddress(), reason.getMessage());
        } else if (reason instanceof InvalidProtocolBufferException) {
            log.info("Closing TeamTalk connection {}: a body that is not the command's protobuf ({})",
                    ctx.channel().remoteAddress(), reason.getMessage());
        } else if (reason instanceof ReadTimeoutException) {
            log.info("Closing TeamTalk connection {}: idle", ctx.channel().remoteAddress());
        } else if (reason instanceof IOException) {
            log.debug("TeamTalk connection {} failed: {}", ctx.channel().remoteAddress(), reason.toString());
        } else {
            log.warn("Closing TeamTalk connection {} after an error", ctx.channel().remoteAddress(), reason);
        }
        ctx.close();
    }
}
