package dev.gatewise.hls;

import dev.gatewise.hls.cleanup.EndedStreamSweeper;
import dev.gatewise.hls.live.LivePlaylists;
import dev.gatewise.hls.stream.HlsStreamSink;
import dev.gatewise.hls.stream.StreamExecutors;
import dev.gatewise.hls.thumbnail.LiveThumbnails;
import dev.gatewise.media.stream.LiveStream;
import dev.gatewise.media.stream.StreamSinkFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HLS packager: a {@link StreamSinkFactory} the RTMP relay feeds every published stream to, which writes HLS
 * for it under {@code ROOT/STREAM/} (see {@link HlsStreamSink} for the layout and {@link HlsFiles} for serving it).
 * Owns the threads the streams' work runs on; {@link #close()} stops them.
 */
public final class HlsPackager implements StreamSinkFactory, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HlsPackager.class);
    private static final int IO_THREADS = 2;

    private final HlsSettings settings;
    private final HlsMetrics metrics;
    private final HlsFiles files;
    private final LivePlaylists live = new LivePlaylists();
    private final LiveThumbnails liveThumbnails = new LiveThumbnails();
    private final Clock clock;
    private final ExecutorService io = Executors.newFixedThreadPool(IO_THREADS, threads("hls-io"));
    private final ExecutorService transcode = Executors.newCachedThreadPool(threads("hls-transcode"));
    private final ExecutorService thumbnails = Executors.newSingleThreadExecutor(threads("hls-thumbnail"));
    private final ScheduledExecutorService cleanup =
        Executors.newSingleThreadScheduledExecutor(threads("hls-cleanup"));
    private final StreamExecutors executors = new StreamExecutors(io, transcode, thumbnails);
    // The latest publish of each name still writing, so that a republish carries on from where it ended (or the
    // cleanup's claim on a name whose directory it is removing).
    private final Map<String, CompletableFuture<Void>> writing = new ConcurrentHashMap<>();

    /**
     * @param settings validated here; throws {@link IllegalArgumentException} if they cannot work
     * @param registry where the meters go, or null for none
     */
    public HlsPackager(HlsSettings settings, MeterRegistry registry) {
        this(settings, registry, Clock.systemUTC());
    }

    /**
     * @param clock the time the cleanup goes by, and the first sequence number of a new stream (its epoch second)
     */
    public HlsPackager(HlsSettings settings, MeterRegistry registry, Clock clock) {
        settings.validate();
        this.settings = settings;
        this.clock = clock;
        this.metrics = new HlsMetrics(registry);
        this.files = new HlsFiles(settings.getRoot());
        Duration keep = settings.getRemoveEndedAfter();
        if (!keep.isZero()) {
            EndedStreamSweeper sweeper = new EndedStreamSweeper(settings.getRoot(), keep, writing, clock);
            long period = Math.max(1, Math.min(60, keep.toSeconds() / 2));
            cleanup.scheduleWithFixedDelay(sweeper::sweep, 0, period, TimeUnit.SECONDS);
        }
    }

    public HlsPackager(HlsSettings settings) {
        this(settings, null);
    }

    /** Opens the sink of a stream that starts; throws {@link IllegalArgumentException} for a name HLS cannot use. */
    @Override
    public HlsStreamSink open(LiveStream stream) {
        if (!HlsFiles.isValidStreamName(stream.name())) {
            throw new IllegalArgumentException("stream name '" + stream.name() + "' cannot be a directory name");
        }
        HlsStreamSink[] opened = new HlsStreamSink[1];
        // Atomic with the cleanup's claim on the name: whoever comes second waits for the first.
        writing.compute(stream.name(), (name, previous) -> {
            opened[0] = new HlsStreamSink(stream, settings, executors, metrics,
                previous != null ? previous : CompletableFuture.completedFuture(null), clock, live,
                liveThumbnails);
            return opened[0].finished();
        });
        HlsStreamSink sink = opened[0];
        metrics.streamStarted();
        sink.finished().whenComplete((ignored, error) -> {
            writing.remove(stream.name(), sink.finished());
            metrics.streamFinished();
        });
        return sink;
    }

    /** Resolves {@code /hls/} request paths to files and tells their headers. */
    public HlsFiles files() {
        return files;
    }

    /** The renditions being published, whose low-latency playlists and parts are served from memory. */
    public LivePlaylists live() {
        return live;
    }

    /** The thumbnails of the streams being published, made when asked for. */
    public LiveThumbnails thumbnails() {
        return liveThumbnails;
    }

    public HlsMetrics metrics() {
        return metrics;
    }

    /**
     * Waits up to 10 seconds for ended streams to finish writing, then stops the threads. Streams still publishing
     * should have been ended by the relay first (its shutdown calls every sink's {@code onEnd}), so that their
     * playlists get their {@code EXT-X-ENDLIST}; whatever is still running after the wait is abandoned.
     */
    @Override
    public void close() {
        try {
            CompletableFuture.allOf(writing.values().toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("HLS packager: streams still writing at shutdown, abandoning them");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cleanup.shutdownNow();
        io.shutdownNow();
        transcode.shutdownNow();
        thumbnails.shutdownNow();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
