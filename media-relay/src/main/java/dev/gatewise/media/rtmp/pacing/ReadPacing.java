package dev.gatewise.media.rtmp.pacing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads a publisher's socket once per tick instead of whenever bytes arrive. An encoder writes each RTMP chunk (and
 * often each chunk header) with its own system call, so reading as bytes arrive costs a wake-up of the event loop,
 * a read and a trip through the pipeline for a few hundred bytes, over a hundred times a second per stream; on a
 * machine shared with the encoders each wake-up finds its caches cold, and that, not the muxing, was most of a live
 * stream's CPU. Paced, the kernel gathers what arrives during a tick and one read takes all of it: one wake-up per
 * tick per event loop for all the publishers it serves.
 *
 * <p>One instance per server; each event loop gets one timer, running while a publisher on it is paced. At a tick a
 * paced channel turns auto-read on (so its read drains the socket, up to the read loop's limit), then off again once
 * that read is complete; a decoder asking for more meanwhile ({@code read()}) waits for the tick. A publisher that
 * sent more than {@value #BURST_BYTES} bytes since the tick is read as bytes arrive until the next one, so a high
 * bitrate never waits on a full socket buffer.
 */
public final class ReadPacing {
    /** What a pipeline receives to start pacing its channel's reads; the handler consumes it. */
    public static final Object START = new Object() {
        @Override
        public String toString() {
            return "ReadPacing.START";
        }
    };
    static final int BURST_BYTES = 64 * 1024;

    private final long intervalNanos;
    private final FastThreadLocal<Ticker> tickers = new FastThreadLocal<>();

    /** @param interval time between reads of a paced channel; zero reads as bytes arrive (no pacing) */
    public ReadPacing(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** The handler for one channel's pipeline, placed before its decoders. */
    public ChannelDuplexHandler handler() {
        return new PacedReads();
    }

    /** The ticker of the calling event loop. */
    private Ticker ticker(EventLoop loop) {
        Ticker ticker = tickers.get();
        if (ticker == null) {
            ticker = new Ticker(loop);
            tickers.set(ticker);
        }
        return ticker;
    }

    /** The timer of one event loop: lets every paced channel of that loop read once per tick. Used on that loop only. */
    private final class Ticker implements Runnable {
        private final EventLoop loop;
        private final List<PacedReads> paced = new ArrayList<>();
        private ScheduledFuture<?> timer;

        Ticker(EventLoop loop) {
            this.loop = loop;
        }

        void add(PacedReads channel) {
            paced.add(channel);
            if (timer == null) {
                timer = loop.scheduleAtFixedRate(this, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
            }
        }

        void remove(PacedReads channel) {
            paced.remove(channel);
            if (paced.isEmpty() && timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        @Override
        public void run() {
            for (int i = paced.size() - 1; i >= 0; i--) {
                paced.get(i).tick();
            }
        }
    }

    /** Paces its channel's reads once it gets {@link #START}. */
    private final class PacedReads extends ChannelDuplexHandler {
        private ChannelHandlerContext ctx;
        private boolean paced;
        private long bytesSinceTick;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event != START) {
                super.userEventTriggered(ctx, event);
                return;
            }
            if (!paced && intervalNanos > 0 && ctx.channel().isActive()) {
                paced = true;
                ticker(ctx.channel().eventLoop()).add(this);
            }
        }

        /** Lets the channel read: turning auto-read on asks for a read. */
        void tick() {
            bytesSinceTick = 0;
            ctx.channel().config().setAutoRead(true);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf bytes) {
                bytesSinceTick += bytes.readableBytes();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (paced && bytesSinceTick < BURST_BYTES) {
                ctx.channel().config().setAutoRead(false);
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void read(ChannelHandlerContext ctx) {
            // Between ticks auto-read is off: a read asked for now would be the wake-up the tick saves.
            if (!paced || ctx.channel().config().isAutoRead()) {
                ctx.read();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            stop();
            ctx.fireChannelInactive();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            stop();
        }

        private void stop() {
            if (paced) {
                paced = false;
                ticker(ctx.channel().eventLoop()).remove(this);
            }
        }
    }
}
