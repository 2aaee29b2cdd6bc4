package dev.gatewise.media.live;

import dev.gatewise.media.stream.LiveStream;

/**
 * Told when streams start and end (the gateway posts "live" chat events from it). Called on the publisher's event
 * loop: implementations must not block.
 */
public interface LiveStreamListener {

    /** A publish was accepted and its first media passed the codec checks; its sinks are open. */
    default void streamStarted(LiveStream stream) {}

    /**
     * A stream that had started ended; its sinks have had their {@code onEnd}.
     *
     * @param clean whether the publisher unpublished rather than disconnected
     */
    default void streamEnded(LiveStream stream, boolean clean) {}
}
