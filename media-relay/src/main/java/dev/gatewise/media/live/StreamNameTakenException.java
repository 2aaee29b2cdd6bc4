package dev.gatewise.media.live;

import dev.gatewise.media.stream.PublishRefusedException;

/** A publish refused because someone is already publishing under that name. */
public class StreamNameTakenException extends PublishRefusedException {

    public StreamNameTakenException() {
        super("stream already publishing");
    }
}
