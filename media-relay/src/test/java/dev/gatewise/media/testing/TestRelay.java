package dev.gatewise.media.testing;

import dev.gatewise.media.live.LiveStreamListener;
import dev.gatewise.media.live.LiveStreamRegistry;
import dev.gatewise.media.rtmp.RtmpServer;
import dev.gatewise.media.rtmp.RtmpSettings;
import dev.gatewise.media.stream.LiveStream;
import dev.gatewise.media.stream.StreamAuthorizer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An RTMP server on a free loopback port with a recording sink factory, a test authorizer (or the one given) and a
 * listener that keeps start and end events, wired the way the gateway wires it.
 */
public final class TestRelay implements AutoCloseable {
    private final MultiThreadIoEventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final MultiThreadIoEventLoopGroup io = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    public final LiveStreamRegistry registry = new LiveStreamRegistry();
    public final RecordingSinkFactory sinks = new RecordingSinkFactory();
    public final TestAuthorizer authorizer = new TestAuthorizer();
    public final List<String> started = new CopyOnWriteArrayList<>();
    public final List<String> ended = new CopyOnWriteArrayList<>();
    public final RtmpServer server;

    public TestRelay() {
        this(new RtmpSettings());
    }

    public TestRelay(RtmpSettings settings) {
        this(settings, null);
    }

    /** Asking {@code asked} instead of {@link #authorizer}. */
    public TestRelay(StreamAuthorizer asked) {
        this(new RtmpSettings(), asked);
    }

    private TestRelay(RtmpSettings settings, StreamAuthorizer asked) {
        settings.setHost("127.0.0.1");
        settings.setPort(0);
        if (settings.getHandshakeTimeout().equals(new RtmpSettings().getHandshakeTimeout())) {
            settings.setHandshakeTimeout(Duration.ofSeconds(2));
        }
        registry.addSinkFactory(sinks);
        registry.addListener(new LiveStreamListener() {
            @Override
            public void streamStarted(LiveStream stream) {
                started.add(stream.name());
            }

            @Override
            public void streamEnded(LiveStream stream, boolean clean) {
                ended.add(stream.name() + (clean ? ":clean" : ":vanished"));
            }
        });
        server = new RtmpServer(settings, registry, asked == null ? authorizer : asked, meters);
        server.start(boss, io);
    }

    public int port() {
        return server.boundPort();
    }

    /** rtmp://127.0.0.1:PORT/live/PATH, PATH possibly with a query. */
    public String url(String path) {
        return "rtmp://127.0.0.1:" + port() + "/live/" + path;
    }

    public double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        server.stop();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
