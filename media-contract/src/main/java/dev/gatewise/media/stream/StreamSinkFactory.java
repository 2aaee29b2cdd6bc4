package dev.gatewise.media.stream;

/** Opens a sink for each stream that starts; the relay feeds every sink returned by every registered factory. */
@FunctionalInterface
public interface StreamSinkFactory {

    StreamSink open(LiveStream stream);
}
