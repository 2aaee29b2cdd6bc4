package dev.gatewise.hls.thumbnail;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The thumbnailers of the streams being published, by stream name, so that a request for {@code thumb.jpg} can have
 * it made fresh first. Thread-safe.
 */
public final class LiveThumbnails {

    private final Map<String, Thumbnailer> streams = new ConcurrentHashMap<>();

    /** Registers a stream's thumbnailer; it replaces one of the same name still there. */
    public void open(String stream, Thumbnailer thumbnailer) {
        streams.put(stream, thumbnailer);
    }

    /** Forgets a stream's thumbnailer, unless a newer publish has replaced it. */
    public void close(String stream, Thumbnailer thumbnailer) {
        streams.remove(stream, thumbnailer);
    }

    /**
     * Completes once the stream's {@code thumb.jpg} is at most an interval old ({@link Thumbnailer#fresh()}); at once
     * for a stream not being published (or without thumbnails), whose file is what there is.
     */
    public CompletableFuture<Void> fresh(String stream) {
        Thumbnailer thumbnailer = streams.get(stream);
        return thumbnailer == null ? CompletableFuture.completedFuture(null) : thumbnailer.fresh();
    }
}
