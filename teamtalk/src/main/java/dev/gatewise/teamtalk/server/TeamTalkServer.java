package dev.gatewise.teamtalk.server;

import dev.gatewise.im.metrics.ChatMetrics;
import dev.gatewise.im.session.Transport;
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

/** The TeamTalk listener: raw TCP and WebSocket on one port, on the gateway's event loops. */
public final class TeamTalkServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TeamTalkServer.class);

    private final Channel serverChannel;

    public TeamTalkServer(String host, int port, int highWaterMark, TeamTalkPipeline pipeline, ChatMetrics metrics,
                          EventLoopGroup boss, EventLoopGroup workers) {
        var bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(highWaterMark / 2, highWaterMark))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        metrics.connectionOpened(Transport.TEAMTALK);
                        ch.closeFuture().addListener(f -> metrics.connectionClosed(Transport.TEAMTALK));
                        pipeline.accept(ch.pipeline());
                    }
                });
        this.serverChannel = bootstrap.bind(new InetSocketAddress(host, port)).syncUninterruptibly().channel();
        log.info("TeamTalk listening on {} (TCP and WebSocket)", serverChannel.localAddress());
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
    }
}
