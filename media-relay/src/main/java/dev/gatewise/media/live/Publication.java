package dev.gatewise.media.live;

import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.LiveStream;
import dev.gatewise.media.stream.StreamSink;
import dev.gatewise.media.stream.VideoFrame;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live stream as its publisher feeds it: passes everything to the stream's sinks in order, detaching (and
 * ending) a sink that throws so the others and the publisher carry on, and keeps what listings show. All feeding
 * methods are called on the publisher's event loop; {@link #info()} may be called from anywhere.
 *
 * <p>Every sink is given the same arrays (sinks only read them; see {@link StreamSink}): a frame is copied once, out
 * of the connection's buffer, whatever the number of sinks.
 */
public final class Publication {
    private static final Logger log = LoggerFactory.getLogger(Publication.class);

    private final LiveStream stream;
    private final LiveStreamRegistry registry;
    private final long startNanos = System.nanoTime();
    private List<StreamSink> sinks = new ArrayList<>();
    private long mediaBytes;
    private boolean ended;
    private boolean announced;
    private volatile boolean hasVideo;
    private volatile boolean hasAudio;
    private volatile Integer width;
    private volatile Integer height;

    Publication(LiveStream stream, LiveStreamRegistry registry) {
        this.stream = stream;
        this.registry = registry;
    }

    void attach(List<StreamSink> opened) {
        this.sinks = new ArrayList<>(opened);
    }

    public LiveStream stream() {
        return stream;
    }

    public LiveStreamInfo info() {
        return new LiveStreamInfo(stream.name(), stream.publisher(), stream.params(), stream.startedAt(), hasVideo,
                hasAudio, width, height);
    }

    public void metadata(Map<String, Object> metadata) {
        width = dimension(metadata.get("width"));
        height = dimension(metadata.get("height"));
        Map<String, Object> copy = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        deliver(sink -> sink.onMetadata(copy));
    }

    public void videoConfig(byte[] record) {
        announce();
        hasVideo = true;
        mediaBytes += record.length;
        deliver(sink -> sink.onVideoConfig(record));
    }

    public void audioConfig(byte[] config) {
        announce();
        hasAudio = true;
        mediaBytes += config.length;
        deliver(sink -> sink.onAudioConfig(config));
    }

    public void video(VideoFrame frame) {
        announce();
        hasVideo = true;
        mediaBytes += frame.avcc().length;
        deliver(sink -> sink.onVideo(frame));
    }

    public void audio(AudioFrame frame) {
        announce();
        hasAudio = true;
        mediaBytes += frame.aac().length;
        deliver(sink -> sink.onAudio(frame));
    }

    /**
     * Ends the stream once: every sink's {@code onEnd}, then the registry and listeners. Later calls do nothing.
     *
     * @param clean whether the publisher unpublished rather than disconnected
     */
    public void end(boolean clean) {
        if (ended) {
            return;
        }
        ended = true;
        for (StreamSink sink : sinks) {
            endQuietly(sink, clean);
        }
        sinks = List.of();
        registry.ended(this, clean, announced);
        log.info("Publish stopped: stream {} by {}, {}, {} s, {} media bytes", stream.name(), stream.publisher(),
                clean ? "unpublished" : "publisher disconnected",
                String.format("%.1f", (System.nanoTime() - startNanos) / 1e9), mediaBytes);
    }

    /**
     * The stream is announced (listeners hear it started) with its first media the publisher's codecs check let
     * through, not at the publish: a publish refused for its codec then never shows up as started and ended.
     */
    private void announce() {
        if (!announced) {
            announced = true;
            registry.announced(this);
        }
    }

    private void deliver(Consumer<StreamSink> call) {
        for (Iterator<StreamSink> it = sinks.iterator(); it.hasNext(); ) {
            StreamSink sink = it.next();
            try {
                call.accept(sink);
            } catch (RuntimeException e) {
                it.remove();
                detached(sink, e);
            }
        }
    }

    private void detached(StreamSink sink, RuntimeException e) {
        log.warn("Sink {} of stream {} failed and is detached; the stream and its other sinks go on", sink,
                stream.name(), e);
        // It still gets its one onEnd, so it can close what it opened.
        endQuietly(sink, false);
    }

    private void endQuietly(StreamSink sink, boolean clean) {
        try {
            sink.onEnd(clean);
        } catch (RuntimeException e) {
            log.warn("Sink {} of stream {} failed to end", sink, stream.name(), e);
        }
    }

    private static Integer dimension(Object value) {
        return value instanceof Number number && number.doubleValue() > 0 ? number.intValue() : null;
    }
}
