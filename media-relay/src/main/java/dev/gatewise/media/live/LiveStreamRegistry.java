package dev.gatewise.media.live;

import dev.gatewise.media.stream.LiveStream;
import dev.gatewise.media.stream.StreamRefusedException;
import dev.gatewise.media.stream.StreamSink;
import dev.gatewise.media.stream.StreamSinkFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams published on this node: at most one publisher per name. Opens a sink from every registered
 * {@link StreamSinkFactory} for each stream that starts, tells {@link LiveStreamListener}s about starts and ends, and
 * lists what is live. Thread-safe; factories and listeners may be added at any time and apply to streams that start
 * afterwards.
 */
public final class LiveStreamRegistry {
    private static final Logger log = LoggerFactory.getLogger(LiveStreamRegistry.class);

    private final Map<String, Publication> live = new ConcurrentHashMap<>();
    private final List<StreamSinkFactory> sinkFactories = new CopyOnWriteArrayList<>();
    private final List<LiveStreamListener> listeners = new CopyOnWriteArrayList<>();

    public void addSinkFactory(StreamSinkFactory factory) {
        sinkFactories.add(factory);
    }

    public void addListener(LiveStreamListener listener) {
        listeners.add(listener);
    }

    /** The live streams, oldest first. */
    public List<LiveStreamInfo> list() {
        return live.values().stream()
                .map(Publication::info)
                .sorted(Comparator.comparing(LiveStreamInfo::startedAt))
                .toList();
    }

    public Optional<LiveStreamInfo> find(String name) {
        return Optional.ofNullable(live.get(name)).map(Publication::info);
    }

    public boolean isLive(String name) {
        return live.containsKey(name);
    }

    public int size() {
        return live.size();
    }

    /**
     * Starts a stream: claims its name, opens a sink from each factory, and tells the listeners. Call on the
     * publisher's event loop, which then feeds the returned publication.
     *
     * @param ownSinks sinks of the caller's own (the relay's players), fed first
     * @param maxStreams how many streams may be live at once
     * @throws StreamNameTakenException if the name is taken
     * @throws StreamRefusedException if the limit is reached
     */
    public Publication start(LiveStream stream, List<StreamSink> ownSinks, int maxStreams) {
        Publication publication;
        synchronized (this) {
            if (live.containsKey(stream.name())) {
                throw new StreamNameTakenException();
            }
            if (live.size() >= maxStreams) {
                throw new StreamRefusedException("too many live streams");
            }
            publication = new Publication(stream, this);
            live.put(stream.name(), publication);
        }
        List<StreamSink> sinks = new ArrayList<>(ownSinks);
        for (StreamSinkFactory factory : sinkFactories) {
            try {
                StreamSink sink = factory.open(stream);
                if (sink != null) {
                    sinks.add(sink);
                }
            } catch (RuntimeException e) {
                log.warn("Sink factory {} failed to open stream {}; it is left out", factory, stream.name(), e);
            }
        }
        publication.attach(sinks);
        log.info("Publish started: stream {} by {}, params {}, {} sink(s)", stream.name(), stream.publisher(),
                stream.params(), sinks.size());
        return publication;
    }

    /** Called by a publication with its first accepted media: listeners hear the stream started. */
    void announced(Publication publication) {
        LiveStream stream = publication.stream();
        for (LiveStreamListener listener : listeners) {
            try {
                listener.streamStarted(stream);
            } catch (RuntimeException e) {
                log.warn("Listener {} failed on the start of stream {}", listener, stream.name(), e);
            }
        }
    }

    /** Called by a publication as it ends; listeners hear of it only if they heard it start. */
    void ended(Publication publication, boolean clean, boolean announced) {
        live.remove(publication.stream().name(), publication);
        if (!announced) {
            return;
        }
        for (LiveStreamListener listener : listeners) {
            try {
                listener.streamEnded(publication.stream(), clean);
            } catch (RuntimeException e) {
                log.warn("Listener {} failed on the end of stream {}", listener, publication.stream().name(), e);
            }
        }
    }
}
