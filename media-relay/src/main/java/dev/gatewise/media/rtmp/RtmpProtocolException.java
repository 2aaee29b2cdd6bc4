package dev.gatewise.media.rtmp;

/** A peer broke the protocol or a limit; the message is the reason logged when its connection is closed. */
public class RtmpProtocolException extends RuntimeException {

    public RtmpProtocolException(String reason) {
        super(reason);
    }
}
