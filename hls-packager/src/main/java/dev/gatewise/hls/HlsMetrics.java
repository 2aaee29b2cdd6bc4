package dev.gatewise.hls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The packager's Micrometer meters. Tags name the kind of work ({@code source}, {@code rendition}, {@code thumbnail}),
 * never the stream, so the number of series stays fixed however many streams come and go.
 */
public final class HlsMetrics {

    /** Which pipeline a meter counts. */
    public enum Stage {
        SOURCE, RENDITION, THUMBNAIL;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Timer transcodeLag;
    private final AtomicInteger streams = new AtomicInteger();

    /** Meters in {@code registry}, or in a private registry when it is null (the counts still work, unexported). */
    public HlsMetrics(MeterRegistry registry) {
        this.registry = registry != null ? registry : new SimpleMeterRegistry();
        this.transcodeLag = Timer.builder("gatewise.hls.transcode.lag")
            .description("Time from a frame reaching the packager to its transcoded frame being muxed")
            .register(this.registry);
        Gauge.builder("gatewise.hls.streams", streams, AtomicInteger::get)
            .description("Streams being packaged: published, or ended and still writing their last segments")
            .register(this.registry);
    }

    public void streamStarted() {
        streams.incrementAndGet();
    }

    public void streamFinished() {
        streams.decrementAndGet();
    }

    public void segmentWritten(Stage stage, int bytes) {
        counter("gatewise.hls.segments", "Segments written", stage).increment();
        counter("gatewise.hls.segment.bytes", "Bytes of segments written", stage).increment(bytes);
    }

    public void framesDropped(Stage stage, int frames) {
        counter("gatewise.hls.frames.dropped", "Frames dropped because a worker fell behind", stage).increment(frames);
    }

    public void thumbnailWritten() {
        counter("gatewise.hls.thumbnails", "Thumbnails written", Stage.THUMBNAIL).increment();
    }

    public void transcodeLag(Duration lag) {
        transcodeLag.record(lag);
    }

    /** The current value of a counter, for logs and tests. */
    public double count(String name, Stage stage) {
        Counter counter = registry.find(name).tag("stage", stage.tag()).counter();
        return counter == null ? 0 : counter.count();
    }

    private Counter counter(String name, String description, Stage stage) {
        return Counter.builder(name).description(description).tag("stage", stage.tag()).register(registry);
    }
}
