package dev.gatewise.media.rtmp.session;

import dev.gatewise.media.rtmp.RtmpProtocolException;

/** A publisher sent audio or video in a codec HLS cannot carry: only H.264 video and AAC audio are relayed. */
public class UnsupportedCodecException extends RtmpProtocolException {

    public UnsupportedCodecException(String what) {
        super("unsupported codec " + what + "; HLS carries only H.264 video and AAC audio");
    }
}
