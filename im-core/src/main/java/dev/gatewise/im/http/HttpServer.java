package dev.gatewise.im.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
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
 * The HTTP port (8080 by default): REST, the chat WebSocket, files, HLS and the web client, each a
 * {@link HttpRoute}. A route may take the connection over, as the WebSocket upgrade does.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    /** Names of the HTTP-only handlers, which a route that upgrades the connection removes. */
    public static final List<String> HTTP_HANDLERS = List.of("http-idle", "http-keepalive", "http-chunked",
            "http-router");

    private final Channel serverChannel;

    public HttpServer(String host, int port, HttpSettings settings, List<HttpRoute> routes, EventLoopGroup boss,
                      EventLoopGroup workers) {
        List<HttpRoute> sorted = HttpRouter.longestPrefixFirst(routes);
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
                        p.addLast("http-idle", new HttpIdleHandler(settings.idleTimeout()));
                        // Body pieces as large as a socket read (not 8 KiB): uploads cost one disk-thread hand-over per piece.
                        p.addLast("http-codec", new HttpServerCodec(8192, settings.maxHeaderBytes(), 1024 * 1024));
                        p.addLast("http-keepalive", new HttpServerKeepAliveHandler());
                        p.addLast("http-aggregator", new SelectiveAggregator(settings.maxBodyBytes(), request -> {
                            HttpRoute route = HttpRouter.find(sorted, request);
                            return route != null && route.streamsBody(request);
                        }));
                        p.addLast("http-chunked", new ChunkedWriteHandler());
                        p.addLast("http-router", new HttpRouter(sorted));
                    }
                });
        this.serverChannel = bootstrap.bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
        log.info("HTTP listening on {}", serverChannel.localAddress());
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
     */
    public record HttpSettings(int maxBodyBytes, int maxHeaderBytes, Duration idleTimeout) {
        public static HttpSettings defaults() {
            return new HttpSettings(1024 * 1024, 16 * 1024, Duration.ofSeconds(60));
        }
    }
}
