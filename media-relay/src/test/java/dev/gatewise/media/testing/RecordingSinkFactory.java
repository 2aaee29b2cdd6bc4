package dev.gatewise.media.testing;

import dev.gatewise.media.stream.LiveStream;
import dev.gatewise.media.stream.StreamSink;
import dev.gatewise.media.stream.StreamSinkFactory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Opens a {@link RecordingSink} for every stream and keeps them all. */
public final class RecordingSinkFactory implements StreamSinkFactory {
    private final List<RecordingSink> sinks = new CopyOnWriteArrayList<>();

    @Override
    public StreamSink open(LiveStream stream) {
        RecordingSink sink = new RecordingSink(stream);
        sinks.add(sink);
        return sink;
    }

    public List<RecordingSink> sinks() {
        return List.copyOf(sinks);
    }

    /** The latest sink opened for this stream name. */
    public Optional<RecordingSink> latest(String name) {
        return sinks.stream().filter(s -> s.stream().name().equals(name)).reduce((a, b) -> b);
    }

    public long openedFor(String name) {
        return sinks.stream().filter(s -> s.stream().name().equals(name)).count();
    }
}
