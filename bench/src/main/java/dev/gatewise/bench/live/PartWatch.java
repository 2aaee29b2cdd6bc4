package dev.gatewise.bench.live;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * One Low-Latency HLS viewer of one stream, as hls.js would be: it reloads the playlist with blocking requests
 * ({@code _HLS_msn}/{@code _HLS_part} of the hinted next part) and notes, for every part that appears, how long after
 * the publisher sent the part's last video frame (see {@link KeyframeClock}) the playlist listed it. Media time is
 * counted from the publish's first segment, which starts at the file's first keyframe (timestamp 0).
 *
 * <p>On one keep-alive connection of a Netty event loop that all viewers share: with a hundred viewers, the JDK's
 * HTTP client and its compiler threads cost the machine more than the server being measured.
 */
final class PartWatch {
    private static final Pattern SEQUENCE = Pattern.compile("#EXT-X-MEDIA-SEQUENCE:(\\d+)");
    private static final Pattern LINE = Pattern.compile(
            "#EXT-X-PART:DURATION=([0-9.]+),URI=\"part-(\\d+)-(\\d+)\\.m4s\"|#EXTINF:([0-9.]+),\\s*\\nseg-(\\d+)\\.m4s"
                    + "|PRELOAD-HINT:TYPE=PART,URI=\"part-(\\d+)-(\\d+)\\.m4s\"");
    private static final int RETRY_MILLIS = 200;

    private final Bootstrap bootstrap;
    private final URI playlist;
    private final KeyframeClock clock;
    private final Histogram delays = new Histogram(60_000_000_000L, 3);
    private final Set<String> seen = new HashSet<>();
    /** Segment → its start in media time (ms), from the publish's first. */
    private final Map<Long, Double> starts = new HashMap<>();
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile boolean stopped;
    private volatile Channel channel;
    private long first = -1;

    /** @param bootstrap the shared client bootstrap (group and channel type set), cloned for this viewer */
    PartWatch(Bootstrap bootstrap, String playlist, KeyframeClock clock) {
        this.playlist = URI.create(playlist);
        this.clock = clock;
        this.bootstrap = bootstrap.clone().handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                // A blocking reload waits at most three target durations; a silent server is given up on.
                ch.pipeline().addLast(new ReadTimeoutHandler(30), new HttpClientCodec(),
                        new HttpObjectAggregator(1 << 20), new Answers());
            }
        });
    }

    void start() {
        connect();
    }

    /** Counts parts listed from {@code nanoTime} on. */
    void measureFrom(long nanoTime) {
        measureFrom = nanoTime;
    }

    void stop() {
        stopped = true;
        Channel open = channel;
        if (open != null) {
            open.close();
        }
    }

    synchronized Histogram delays() {
        return delays.copy();
    }

    private void connect() {
        if (stopped) {
            return;
        }
        bootstrap.connect(playlist.getHost(), playlist.getPort()).addListener((ChannelFuture connected) -> {
            if (connected.isSuccess()) {
                channel = connected.channel();
                request(channel, playlist.getRawPath());
            } else {
                connected.channel().eventLoop().schedule(this::connect, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** One request at a time on a connection; a connection that closed is replaced, with its own first request. */
    private void request(Channel on, String pathAndQuery) {
        if (stopped || !on.isActive()) {
            return;
        }
        var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, pathAndQuery);
        request.headers().set(HttpHeaderNames.HOST, playlist.getHost() + ":" + playlist.getPort());
        on.writeAndFlush(request);
    }

    private final class Answers extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            long now = System.nanoTime();
            if (response.status().code() == 200) {
                request(ctx.channel(), read(response.content().toString(StandardCharsets.UTF_8), now));
            } else {
                ctx.executor().schedule(() -> request(ctx.channel(), playlist.getRawPath()), RETRY_MILLIS,
                        TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ctx.executor().schedule(PartWatch.this::connect, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Notes the new parts; returns the blocking request (path and query) for the hinted one. */
    private synchronized String read(String text, long now) {
        Matcher sequence = SEQUENCE.matcher(text);
        if (sequence.find() && first < 0) {
            first = Long.parseLong(sequence.group(1));
            starts.put(first, 0.0);
        }
        String next = playlist.getRawPath();
        Map<Long, Double> partEnds = new HashMap<>();
        Matcher m = LINE.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) {
                long segment = Long.parseLong(m.group(2));
                double end = partEnds.getOrDefault(segment, 0.0) + Double.parseDouble(m.group(1)) * 1000;
                partEnds.put(segment, end);
                String uri = segment + "-" + m.group(3);
                Double start = starts.get(segment);
                if (start != null && seen.add(uri) && now >= measureFrom) {
                    long sent = clock.frameBefore(Math.round(start + end));
                    if (sent > 0) {
                        delays.recordValue(Math.max(0, now - sent));
                    }
                }
            } else if (m.group(4) != null) {
                long segment = Long.parseLong(m.group(5));
                Double start = starts.get(segment);
                if (start != null) {
                    starts.putIfAbsent(segment + 1, start + Double.parseDouble(m.group(4)) * 1000);
                }
            } else {
                next = playlist.getRawPath() + "?_HLS_msn=" + m.group(6) + "&_HLS_part=" + m.group(7);
            }
        }
        return next;
    }
}
