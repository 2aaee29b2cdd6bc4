package dev.gatewise.media.stream;

/** Why a publish or a play was refused, in words the client is shown. */
public class StreamRefusedException extends RuntimeException {

    public StreamRefusedException(String reason) {
        super(reason);
    }
}
