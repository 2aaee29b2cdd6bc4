package dev.gatewise.media.rtmp;

import dev.gatewise.media.live.LiveStreamRegistry;
import dev.gatewise.media.rtmp.chunk.ChunkDecoder;
import dev.gatewise.media.rtmp.chunk.ChunkEncoder;
import dev.gatewise.media.rtmp.control.AcknowledgementHandler;
import dev.gatewise.media.rtmp.control.ProtocolControlHandler;
import dev.gatewise.media.rtmp.handshake.HandshakeHandler;
import dev.gatewise.media.rtmp.pacing.ReadPacing;
import dev.gatewise.media.rtmp.play.PlaybackDirectory;
import dev.gatewise.media.rtmp.session.CommandDecoder;
import dev.gatewise.media.rtmp.session.RtmpSessionHandler;
import dev.gatewise.media.stream.StreamAuthorizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTMP server: publishers (ffmpeg, OBS) send H.264/AAC to rtmp://host:1935/live/NAME?token=TOKEN, players
 * (ffplay, VLC) read from rtmp://host:1935/live/NAME. Every accepted publish becomes a live stream in the
 * {@link LiveStreamRegistry}, whose sink factories and listeners see it.
 *
 * <p>Each connection's pipeline, one job per handler: traffic counting, read pacing (a publisher's socket is read once
 * per tick), the handshake (removed once done), the chunk encoder, acknowledgements, the chunk decoder, the idle timeout, protocol control, AMF0 command decoding, the
 * session (commands, publish, play), and the error handler that closes and logs. Everything a connection does runs
 * on its event loop; nothing there blocks.
 */
public final class RtmpServer {
    private static final Logger log = LoggerFactory.getLogger(RtmpServer.class);

    private final RtmpSettings settings;
    private final LiveStreamRegistry registry;
    private final StreamAuthorizer authorizer;
    private final RtmpMetrics metrics;
    private final PlaybackDirectory playbacks = new PlaybackDirectory();
    private final ConnectionLimits limits;
    private final ChannelGroup connections = new DefaultChannelGroup("rtmp", GlobalEventExecutor.INSTANCE);
    private Channel serverChannel;

    /**
     * @param meterRegistry where to publish metrics, or null
     */
    public RtmpServer(RtmpSettings settings, LiveStreamRegistry registry, StreamAuthorizer authorizer,
            MeterRegistry meterRegistry) {
        this.settings = settings;
        this.registry = registry;
        this.authorizer = authorizer;
        this.metrics = new RtmpMetrics(meterRegistry, registry);
        this.limits = new ConnectionLimits(settings.getMaxConnections(), settings.getMaxConnectionsPerAddress());
    }

    /**
     * Binds the listener and starts accepting connections; returns once bound.
     *
     * @param bossGroup accepts connections
     * @param ioGroup serves them (the publisher's event loop also feeds its stream's sinks and players)
     */
    public synchronized void start(EventLoopGroup bossGroup, EventLoopGroup ioGroup) {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        int highWatermark = settings.getPlayerHighWatermark();
        TrafficCounter traffic = new TrafficCounter(metrics);
        ConnectionErrorHandler errors = new ConnectionErrorHandler(metrics);
        ReadPacing pacing = new ReadPacing(settings.getPublishReadInterval());
        var bootstrap = new ServerBootstrap()
                .group(bossGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(highWatermark / 2, highWatermark))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!admit(ch)) {
                            return;
                        }
                        var acknowledgements = new AcknowledgementHandler();
                        ch.pipeline()
                                .addLast("traffic", traffic)
                                .addLast("read-pacing", pacing.handler())
                                .addLast("handshake", new HandshakeHandler(settings.getHandshakeTimeout()))
                                .addLast("chunk-encoder", new ChunkEncoder())
                                .addLast("acknowledgements", acknowledgements)
                                .addLast("chunk-decoder", new ChunkDecoder(settings))
                                .addLast("idle", new IdleStateHandler(settings.getIdleTimeout().toMillis(), 0, 0,
                                        TimeUnit.MILLISECONDS))
                                .addLast("protocol-control", new ProtocolControlHandler(acknowledgements))
                                .addLast("commands", new CommandDecoder())
                                .addLast("session", new RtmpSessionHandler(settings, registry, authorizer, playbacks,
                                        metrics))
                                .addLast("errors", errors);
                    }
                });
        serverChannel = bootstrap.bind(new InetSocketAddress(settings.getHost(), settings.getPort()))
                .syncUninterruptibly().channel();
        log.info("RTMP listening on {}", serverChannel.localAddress());
    }

    /** Checks the connection limits and tracks the connection until it closes; closes it if over a limit. */
    private boolean admit(SocketChannel ch) {
        InetSocketAddress remote = ch.remoteAddress();
        if (remote == null) {
            // Closed before it could be set up.
            ch.close();
            return false;
        }
        var address = remote.getAddress();
        String refusal = limits.tryAcquire(address);
        if (refusal != null) {
            metrics.badConnection();
            log.warn("Closing RTMP connection from {}: {}", ch.remoteAddress(), refusal);
            ch.close();
            return false;
        }
        metrics.connectionOpened();
        connections.add(ch);
        ch.closeFuture().addListener(f -> {
            limits.release(address);
            metrics.connectionClosed();
        });
        return true;
    }

    /** The port the listener is bound to (useful when the settings ask for port 0). */
    public int boundPort() {
        if (serverChannel == null) {
            throw new IllegalStateException("not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * Stops listening and closes every connection; live streams end as if their publishers had disconnected. Leaves
     * the event loop groups running: they belong to the caller.
     */
    public synchronized void stop() {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly();
        serverChannel = null;
        log.info("RTMP stopped");
    }
}
