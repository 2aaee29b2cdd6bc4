package dev.gatewise.im.transport;

import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ErrorFrame;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Last in the pipeline: turns an exception into an error frame and a close, with a logged reason. */
final class ChannelErrorHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ChannelErrorHandler.class);

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        var remote = ctx.channel().remoteAddress();
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            WebSocketCloseStatus status = corrupted.closeStatus();
            if (status.equals(WebSocketCloseStatus.MESSAGE_TOO_BIG)) {
                closeWith(ctx, ErrorCode.FRAME_TOO_LARGE, cause.getMessage());
            } else if (status.equals(WebSocketCloseStatus.INVALID_PAYLOAD_DATA)) {
                closeWith(ctx, ErrorCode.INVALID_UTF8, cause.getMessage());
            } else {
                log.info("Closing WebSocket {}: {}", remote, cause.getMessage());
                ctx.channel().writeAndFlush(new CloseWebSocketFrame(status, cause.getMessage()))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        } else if (cause instanceof TooLongFrameException) {
            closeWith(ctx, ErrorCode.FRAME_TOO_LARGE, cause.getMessage());
        } else if (cause instanceof IOException) {
            log.debug("Connection {} failed: {}", remote, cause.toString());
            ctx.close();
        } else {
            log.warn("Unexpected error on {}; closing it", remote, cause);
            closeWith(ctx, ErrorCode.INTERNAL, "internal error");
        }
    }

    private static void closeWith(ChannelHandlerContext ctx, ErrorCode code, String reason) {
        log.info("Closing {}: {} ({})", ctx.channel().remoteAddress(), code.wireName(), reason);
        var written = ctx.channel().writeAndFlush(new ErrorFrame(null, code, reason));
        if (ctx.pipeline().get(WebSocketServerProtocolHandler.class) != null) {
            // A WebSocket client also gets a close frame with the matching status.
            var status = code == ErrorCode.FRAME_TOO_LARGE ? WebSocketCloseStatus.MESSAGE_TOO_BIG
                    : code == ErrorCode.INVALID_UTF8 ? WebSocketCloseStatus.INVALID_PAYLOAD_DATA
                    : WebSocketCloseStatus.INTERNAL_SERVER_ERROR;
            written = ctx.channel().writeAndFlush(new CloseWebSocketFrame(status, code.wireName()));
        }
        written.addListener(ChannelFutureListener.CLOSE);
    }
}
