package dev.gatewise.im.metrics;

import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.session.Transport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What operators watch: connections, frames, errors, and how long delivery takes. */
public final class ChatMetrics {
    private final MeterRegistry registry;
    private final Map<Transport, AtomicInteger> connections = new EnumMap<>(Transport.class);
    private final Map<Transport, Counter> framesIn = new EnumMap<>(Transport.class);
    private final Map<Transport, Counter> framesOut = new EnumMap<>(Transport.class);
    private final Map<ErrorCode, Counter> errors = new ConcurrentHashMap<>();
    private final Counter messagesStored;
    private final Timer deliveryLatency;
    private final Timer storeLatency;

    public ChatMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Transport transport : Transport.values()) {
            var gauge = new AtomicInteger();
            connections.put(transport, gauge);
            Gauge.builder("gatewise.chat.connections", gauge, AtomicInteger::get)
                    .description("Open chat connections (authenticated or not)")
                    .tag("transport", transport.tag())
                    .register(registry);
            framesIn.put(transport, Counter.builder("gatewise.chat.frames.in")
                    .description("Frames received from clients").tag("transport", transport.tag()).register(registry));
            framesOut.put(transport, Counter.builder("gatewise.chat.frames.out")
                    .description("Frames sent to clients").tag("transport", transport.tag()).register(registry));
        }
        messagesStored = Counter.builder("gatewise.chat.messages.stored")
                .description("Messages durably stored (duplicates not counted)").register(registry);
        deliveryLatency = Timer.builder("gatewise.chat.delivery.latency")
                .description("From a send frame's arrival to its push being written to a recipient's socket")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        storeLatency = Timer.builder("gatewise.chat.store.latency")
                .description("Time to store a message durably")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    public void connectionOpened(Transport transport) {
        connections.get(transport).incrementAndGet();
    }

    public void connectionClosed(Transport transport) {
        connections.get(transport).decrementAndGet();
    }

    public void frameIn(Transport transport) {
        framesIn.get(transport).increment();
    }

    /** Frames received so far on all transports. */
    public double framesIn() {
        return framesIn.values().stream().mapToDouble(Counter::count).sum();
    }

    public void frameOut(Transport transport) {
        framesOut.get(transport).increment();
    }

    public void error(ErrorCode code) {
        errors.computeIfAbsent(code, c -> Counter.builder("gatewise.chat.errors")
                .description("Error frames sent and connections closed for a reason")
                .tag("code", c.wireName()).register(registry)).increment();
    }

    public void messageStored(long nanos) {
        messagesStored.increment();
        storeLatency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void delivered(long sinceNanos) {
        deliveryLatency.record(System.nanoTime() - sinceNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
