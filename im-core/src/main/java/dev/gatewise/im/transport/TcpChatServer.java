package dev.gatewise.im.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chat over raw TCP: each frame is a 4-byte big-endian length and that many bytes of UTF-8 JSON. */
public final class TcpChatServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TcpChatServer.class);

    private final Channel serverChannel;

    public TcpChatServer(ChatPipeline chat, EventLoopGroup boss, EventLoopGroup workers) {
        var settings = chat.settings();
        int highWater = settings.getOutboundHighWaterMark();
        var bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(highWater / 2, highWater))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        chat.tcp(ch);
                    }
                });
        this.serverChannel = bootstrap.bind(new InetSocketAddress(settings.getHost(), settings.getTcpPort()))
                .syncUninterruptibly().channel();
        log.info("Chat TCP listening on {}", serverChannel.localAddress());
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
    }
}
