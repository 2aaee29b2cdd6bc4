package dev.gatewise.hls.thumbnail;

import dev.gatewise.hls.HlsMetrics;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.hls.exec.OrderedWorker;
import dev.gatewise.media.stream.VideoFrame;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes a stream's {@code thumb.jpg} from a keyframe every interval of stream time. Called on the publisher's
 * event loop, it only picks the keyframe; the decoding happens on the thumbnail worker, and a keyframe that arrives
 * while the previous thumbnail is still being made is skipped (and counted), never queued.
 */
public final class Thumbnailer {

    /** The thumbnail's file name in the stream's directory. */
    public static final String FILE = "thumb.jpg";

    private static final Logger log = LoggerFactory.getLogger(Thumbnailer.class);

    private final String stream;
    private final Path file;
    private final int width;
    private final long intervalMillis;
    private final OrderedWorker worker;
    private final HlsMetrics metrics;
    private long lastDts = Long.MIN_VALUE;

    /**
     * @param worker runs the decoding; its limit should be 1 so that only the latest keyframe is ever pending
     */
    public Thumbnailer(String stream, Path file, int width, long intervalMillis, OrderedWorker worker,
        HlsMetrics metrics) {
        this.stream = stream;
        this.file = file;
        this.width = width;
        this.intervalMillis = intervalMillis;
        this.worker = worker;
        this.metrics = metrics;
    }

    /** Looks at a video frame; makes a thumbnail of it if it is a keyframe and the interval has passed. */
    public void video(AvcConfig config, VideoFrame frame) {
        if (!frame.keyframe() || config == null
            || (lastDts != Long.MIN_VALUE && frame.dts() - lastDts < intervalMillis)) {
            return;
        }
        if (!worker.offer(() -> write(config, frame))) {
            metrics.framesDropped(HlsMetrics.Stage.THUMBNAIL, 1);
            return;
        }
        lastDts = frame.dts();
    }

    private void write(AvcConfig config, VideoFrame frame) {
        try {
            if (ThumbnailWriter.write(config.record(), frame, width, file)) {
                metrics.thumbnailWritten();
            }
        } catch (Exception e) {
            log.warn("HLS stream {}: cannot write its thumbnail: {}", stream, e.toString());
        }
    }
}
