package dev.gatewise.hls.stream;

import dev.gatewise.hls.HlsMetrics;
import dev.gatewise.hls.codec.AacConfig;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.hls.exec.OrderedWorker;
import dev.gatewise.hls.segment.Rendition;
import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.VideoFrame;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one rendition its frames from the publisher's event loop, through the rendition's own bounded worker, or,
 * for a rendition whose work is only muxing (the source: its files go to its own writer), on the event loop itself
 * whenever the worker has nothing queued: a frame then costs no hand-off to another thread, and the worker only takes
 * over while the rendition is opening (a republish waits for the previous one there). When the worker has fallen
 * {@code limit} frames behind, frames are dropped and counted: audio one by one, video until
 * the next keyframe (a frame after a gap could not be decoded anyway). Configurations and the end are never dropped.
 * If the rendition fails, it is logged once and the rendition gets nothing more but its end.
 */
final class RenditionTrack {

    private static final Logger log = LoggerFactory.getLogger(RenditionTrack.class);

    @FunctionalInterface
    private interface Task {
        void run() throws Exception;
    }

    private final String stream;
    private final Rendition rendition;
    private final OrderedWorker worker;
    private final boolean inline;
    private final HlsMetrics metrics;
    private final HlsMetrics.Stage stage;
    private boolean skippingToKeyframe;
    private volatile long dropped;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private volatile boolean failed;

    /** @param inline whether frames may run on the caller's thread (cheap work that never touches the disk) */
    RenditionTrack(String stream, Rendition rendition, OrderedWorker worker, boolean inline, HlsMetrics metrics,
        HlsMetrics.Stage stage) {
        this.stream = stream;
        this.rendition = rendition;
        this.worker = worker;
        this.inline = inline;
        this.metrics = metrics;
        this.stage = stage;
        worker.submit(guarded(rendition::open));
        worker.submit(() -> opened.complete(null));
    }

    /** Completes once the rendition has opened its directory, or failed to. */
    CompletableFuture<Void> opened() {
        return opened;
    }

    Rendition rendition() {
        return rendition;
    }

    long dropped() {
        return dropped;
    }

    void videoConfig(AvcConfig config) {
        submit(guarded(() -> rendition.videoConfig(config)));
    }

    void audioConfig(AacConfig config) {
        submit(guarded(() -> rendition.audioConfig(config)));
    }

    void video(VideoFrame frame) {
        if (skippingToKeyframe && !frame.keyframe()) {
            drop();
            return;
        }
        long received = System.nanoTime();
        skippingToKeyframe = !offer(guarded(() -> rendition.video(frame, received)));
        if (skippingToKeyframe) {
            drop();
        }
    }

    void audio(AudioFrame frame) {
        if (!offer(guarded(() -> rendition.audio(frame)))) {
            drop();
        }
    }

    /** Queues the end; the future completes once the rendition has written its last segment and playlist. */
    CompletableFuture<Void> end() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(() -> {
            try {
                rendition.end();
            } catch (Exception e) {
                if (!failed) {
                    log.error("HLS stream {}, rendition {}: cannot finish", stream, rendition.name(), e);
                }
            } finally {
                rendition.output().afterWrites(() -> done.complete(null));
            }
        });
        return done;
    }

    private boolean offer(Runnable task) {
        return (inline && worker.runIfIdle(task)) || worker.offer(task);
    }

    private void submit(Runnable task) {
        if (!inline || !worker.runIfIdle(task)) {
            worker.submit(task);
        }
    }

    private void drop() {
        long count = ++dropped;
        metrics.framesDropped(stage, 1);
        // Powers of two: the first drop is seen at once, a long overload does not flood the log.
        if (Long.bitCount(count) == 1) {
            log.warn("HLS stream {}, rendition {}: {} frames dropped so far, its worker falls behind", stream,
                rendition.name(), count);
        }
    }

    private Runnable guarded(Task task) {
        return () -> {
            if (failed || rendition.output().failed()) {
                return;
            }
            try {
                task.run();
            } catch (Exception e) {
                failed = true;
                log.error("HLS stream {}, rendition {}: failed, it gets no more frames", stream, rendition.name(), e);
            }
        };
    }
}
