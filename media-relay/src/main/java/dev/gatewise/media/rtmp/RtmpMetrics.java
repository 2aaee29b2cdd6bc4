package dev.gatewise.media.rtmp;

import dev.gatewise.media.live.LiveStreamRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What operators watch on the RTMP relay: connections, live streams, traffic, refusals and dropped frames. */
public final class RtmpMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger players = new AtomicInteger();
    private final Counter bytesIn;
    private final Counter reads;
    private final Counter bytesOut;
    private final Counter droppedFrames;
    private final Counter unknownCommands;
    private final Counter badConnections;
    private final Map<String, Counter> refusedPublishes = new ConcurrentHashMap<>();

    /**
     * @param registry where to register, or null for none (the meters then count into nothing)
     */
    public RtmpMetrics(MeterRegistry registry, LiveStreamRegistry streams) {
        // A composite registry without children is Micrometer's no-op registry.
        this.registry = registry != null ? registry : new CompositeMeterRegistry();
        Gauge.builder("gatewise.rtmp.connections", connections, AtomicInteger::get)
                .description("Open RTMP connections").register(this.registry);
        Gauge.builder("gatewise.rtmp.players", players, AtomicInteger::get)
                .description("RTMP players watching a live stream").register(this.registry);
        Gauge.builder("gatewise.rtmp.streams.live", streams, LiveStreamRegistry::size)
                .description("Streams being published").register(this.registry);
        bytesIn = Counter.builder("gatewise.rtmp.bytes.in").baseUnit("bytes")
                .description("Bytes received on RTMP connections").register(this.registry);
        reads = Counter.builder("gatewise.rtmp.reads")
                .description("Socket reads on RTMP connections (a publisher's are paced: one per tick)")
                .register(this.registry);
        bytesOut = Counter.builder("gatewise.rtmp.bytes.out").baseUnit("bytes")
                .description("Bytes sent on RTMP connections").register(this.registry);
        droppedFrames = Counter.builder("gatewise.rtmp.frames.dropped")
                .description("Frames not sent to players that fell behind").register(this.registry);
        unknownCommands = Counter.builder("gatewise.rtmp.commands.unknown")
                .description("Commands the relay does not know, answered with _error or ignored")
                .register(this.registry);
        badConnections = Counter.builder("gatewise.rtmp.connections.closed.bad")
                .description("Connections closed for breaking the protocol or a limit").register(this.registry);
    }

    public void connectionOpened() {
        connections.incrementAndGet();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    public void playerJoined() {
        players.incrementAndGet();
    }

    public void playerLeft() {
        players.decrementAndGet();
    }

    /** One socket read of {@code bytes}. */
    public void read(long bytes) {
        reads.increment();
        bytesIn.increment(bytes);
    }

    public void bytesOut(long bytes) {
        bytesOut.increment(bytes);
    }

    public void frameDropped() {
        droppedFrames.increment();
    }

    public void unknownCommand() {
        unknownCommands.increment();
    }

    public void badConnection() {
        badConnections.increment();
    }

    /**
     * @param reason a short fixed tag: unauthorized, name_taken, bad_name, too_many_streams, unsupported_codec, error
     */
    public void publishRefused(String reason) {
        refusedPublishes.computeIfAbsent(reason, r -> Counter.builder("gatewise.rtmp.publishes.refused")
                .description("Publishes refused").tag("reason", r).register(registry)).increment();
    }
}
