package dev.gatewise.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deadline on each request head, from its first byte to its last: the idle timeout alone lets a head trickled
 * a byte at a time hold a connection (and a WebSocket upgrade) for ever. Two handlers share it: {@link #bytes}
 * before the codec starts the clock, {@link #heads} after it stops the clock when the head has been decoded.
 * Waiting between requests of a kept-alive connection is the idle timeout's business, and a body's pace too.
 */
final class RequestHeadDeadline {
    private static final Logger log = LoggerFactory.getLogger(RequestHeadDeadline.class);
    private static final String BODY = "{\"error\":\"request_timeout\",\"message\":\"the request head took too long\"}";
    private static final byte[] TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json; "
            + "charset=utf-8\r\nConnection: close\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY)
            .getBytes(StandardCharsets.US_ASCII);

    private final long timeoutMillis;
    private ScheduledFuture<?> clock;
    private boolean inBody;

    RequestHeadDeadline(Duration timeout) {
        this.timeoutMillis = timeout.toMillis();
    }

    /** Goes before the codec: the first byte of a head starts the clock. */
    ChannelHandler bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (!inBody && clock == null) {
                    clock = ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void handlerRemoved(ChannelHandlerContext ctx) {
                stop();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                stop();
                ctx.fireChannelInactive();
            }
        };
    }

    /** Goes right after the codec: a decoded head stops the clock until the end of its body. */
    ChannelHandler heads() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    stop();
                    inBody = true;
                }
                if (msg instanceof LastHttpContent) {
                    inBody = false;
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    private void stop() {
        if (clock != null) {
            clock.cancel(false);
            clock = null;
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        clock = null;
        log.info("closing {}: request head not complete within {} ms", ctx.channel().remoteAddress(), timeoutMillis);
        // Written below the codec, which is in the middle of a head and could not encode an answer.
        ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
    }
}
