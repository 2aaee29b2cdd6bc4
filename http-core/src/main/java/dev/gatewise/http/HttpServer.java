package dev.gatewise.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP port (8080 by default): every role's {@link Route}s (REST, the chat WebSocket, files, HLS, the web
 * client) on one set of event loops. This is the one place the HTTP pipeline is assembled; a route may take the
 * connection over (the WebSocket upgrade), adding its handlers and then calling {@link #leaveHttp}.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    /** The HTTP-only handlers a connection that leaves HTTP drops (the codec is the upgrade's to replace). */
    private static final List<String> HTTP_HANDLERS = List.of("http-linger", "http-idle", "http-head-start",
            "http-head-end", "http-keepalive", "http-aggregator",
            "http-chunked", "http-router");

    private final Channel serverChannel;

    public HttpServer(String host, int port, HttpSettings settings, List<Route> routes, EventLoopGroup boss,
                      EventLoopGroup workers) {
        var table = new RouteTable(routes);
        var bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        var p = ch.pipeline();
                        p.addLast("http-linger", new LingeringClose());
                        p.addLast("http-idle", new HttpIdleHandler(settings.idleTimeout()));
                        var head = new RequestHeadDeadline(settings.requestHeadTimeout());
                        p.addLast("http-head-start", head.bytes());
                        // Body pieces as large as a socket read (not 8 KiB): uploads cost one disk-thread hand-over per piece.
                        p.addLast("http-codec", new HttpServerCodec(8192, settings.maxHeaderBytes(), 1024 * 1024));
                        p.addLast("http-head-end", head.heads());
                        p.addLast("http-keepalive", new HttpServerKeepAliveHandler());
                        var router = new HttpRouter(table);
                        p.addLast("http-aggregator", new SelectiveAggregator(settings.maxBodyBytes(),
                                router::streamsBody));
                        p.addLast("http-chunked", new ChunkedWriteHandler());
                        p.addLast("http-router", router);
                    }
                });
        this.serverChannel = bootstrap.bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
        log.info("HTTP listening on {}", serverChannel.localAddress());
    }

    /**
     * Drops the HTTP handlers from a connection that a route took over, once the route has added its own after the
     * router and passed the request on (a WebSocket handshake replaces the codec itself).
     */
    public static void leaveHttp(ChannelPipeline pipeline) {
        for (String name : HTTP_HANDLERS) {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
    }

    /**
     * @param maxBodyBytes largest request body a non-streaming route accepts (413 above)
     * @param maxHeaderBytes largest request head
     * @param idleTimeout an HTTP connection that sends nothing for this long is closed
     * @param requestHeadTimeout a request head (a WebSocket upgrade's too) must arrive whole within this long of its
     *                           first byte (408 and closed otherwise)
     */
    public record HttpSettings(int maxBodyBytes, int maxHeaderBytes, Duration idleTimeout,
                               Duration requestHeadTimeout) {
        public static HttpSettings defaults() {
            return new HttpSettings(1024 * 1024, 16 * 1024, Duration.ofSeconds(60), Duration.ofSeconds(10));
        }
    }
}
