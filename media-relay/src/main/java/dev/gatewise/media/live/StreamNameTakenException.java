package dev.gatewise.media.live;

import dev.gatewise.media.stream.StreamRefusedException;

/** A publish refused because someone is already publishing under that name. */
public class StreamNameTakenException extends StreamRefusedException {

    public StreamNameTakenException() {
        super("stream already publishing");
    }
}
