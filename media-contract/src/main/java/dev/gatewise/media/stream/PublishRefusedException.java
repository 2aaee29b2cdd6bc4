package dev.gatewise.media.stream;

/** Why a publish was refused, in words the publisher is shown. */
public class PublishRefusedException extends RuntimeException {

    public PublishRefusedException(String reason) {
        super(reason);
    }
}
