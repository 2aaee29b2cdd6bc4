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
 * Hands one rendition its frames from the publisher's event loop, through the rendition's own bounded worker. When
 * the worker has fallen {@code limit} frames behind, frames are dropped and counted: audio one by one, video until
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
    private final HlsMetrics metrics;
    private final HlsMetrics.Stage stage;
    private boolean skippingToKeyframe;
    private volatile long dropped;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private boolean failed;

    RenditionTrack(String stream, Rendition rendition, OrderedWorker worker, HlsMetrics metrics,
        HlsMetrics.Stage stage) {
        this.stream = stream;
        this.rendition = rendition;
        this.worker = worker;
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
        worker.submit(guarded(() -> rendition.videoConfig(config)));
    }

    void audioConfig(AacConfig config) {
        worker.submit(guarded(() -> rendition.audioConfig(config)));
    }

    void video(VideoFrame frame) {
        if (skippingToKeyframe && !frame.keyframe()) {
            drop();
            return;
        }
        long received = System.nanoTime();
        skippingToKeyframe = !worker.offer(guarded(() -> rendition.video(frame, received)));
        if (skippingToKeyframe) {
            drop();
        }
    }

    void audio(AudioFrame frame) {
        if (!worker.offer(guarded(() -> rendition.audio(frame)))) {
            drop();
        }
    }

    /** Queues the end; the future completes once the rendition has written its last segment and playlist. */
    CompletableFuture<Void> end() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        worker.submit(() -> {
            try {
                rendition.end();
            } catch (Exception e) {
                if (!failed) {
                    log.error("HLS stream {}, rendition {}: cannot finish", stream, rendition.name(), e);
                }
            } finally {
                done.complete(null);
            }
        });
        return done;
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
            if (failed) {
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
