package dev.gatewise.hls.thumbnail;

import dev.gatewise.hls.HlsMetrics;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.hls.exec.OrderedWorker;
import dev.gatewise.media.stream.VideoFrame;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a stream's {@code thumb.jpg} from its latest keyframe: once from the first keyframe (so that every stream has
 * one, ended streams included), then only when someone asks for it ({@link #fresh()}), at most once per interval.
 * Decoding a keyframe costs more than remuxing a stream for seconds, and nobody may be looking: a stream nobody lists
 * costs one decode per publish. Called on the publisher's event loop, {@link #video} only remembers the keyframe (the
 * frame's arrays are shared, not copied); the decoding happens on the thumbnail worker, and a request that comes
 * while a thumbnail is being made waits for that one.
 */
public final class Thumbnailer {

    /** The thumbnail's file name in the stream's directory. */
    public static final String FILE = "thumb.jpg";

    private static final Logger log = LoggerFactory.getLogger(Thumbnailer.class);

    private record Keyframe(AvcConfig config, VideoFrame frame) {}

    private final String stream;
    private final Path file;
    private final int width;
    private final long intervalMillis;
    private final OrderedWorker worker;
    private final HlsMetrics metrics;
    private final LongSupplier clock;
    private volatile Keyframe latest;
    private boolean first = true;
    // The thumbnail being made or last made, and when it was asked for; guarded by this.
    private CompletableFuture<Void> current;
    private long madeAt;

    /**
     * @param intervalMillis how old a thumbnail may be before a request makes a new one
     * @param worker runs the decoding; its limit should be 1 so that only one keyframe is ever pending
     * @param clock the wall clock, in milliseconds
     */
    public Thumbnailer(String stream, Path file, int width, long intervalMillis, OrderedWorker worker,
        HlsMetrics metrics, LongSupplier clock) {
        this.stream = stream;
        this.file = file;
        this.width = width;
        this.intervalMillis = intervalMillis;
        this.worker = worker;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Looks at a video frame: remembers it if it is a keyframe, and makes the stream's first thumbnail of it. */
    public void video(AvcConfig config, VideoFrame frame) {
        if (!frame.keyframe() || config == null) {
            return;
        }
        latest = new Keyframe(config, frame);
        if (first) {
            first = false;
            fresh();
        }
    }

    /**
     * Completes once {@code thumb.jpg} shows a keyframe at most an interval old: at once if the last thumbnail is that
     * recent, else when the one being made (or the one this call starts, from the latest keyframe) is written. Any
     * thread.
     */
    public synchronized CompletableFuture<Void> fresh() {
        long now = clock.getAsLong();
        if (current != null && (!current.isDone() || now - madeAt < intervalMillis)) {
            return current;
        }
        Keyframe keyframe = latest;
        if (keyframe == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> made = new CompletableFuture<>();
        if (!worker.offer(() -> write(keyframe, made))) {
            metrics.framesDropped(HlsMetrics.Stage.THUMBNAIL, 1);
            return CompletableFuture.completedFuture(null);
        }
        current = made;
        madeAt = now;
        return made;
    }

    private void write(Keyframe keyframe, CompletableFuture<Void> made) {
        try {
            if (ThumbnailWriter.write(keyframe.config().record(), keyframe.frame(), width, file)) {
                metrics.thumbnailWritten();
            }
        } catch (Exception e) {
            log.warn("HLS stream {}: cannot write its thumbnail: {}", stream, e.toString());
        } finally {
            made.complete(null);
        }
    }
}
