package dev.gatewise.media.rtmp.amf;

import dev.gatewise.media.rtmp.RtmpProtocolException;

/** AMF0 data that is malformed, truncated, nested too deeply, or of a type this codec does not take. */
public class Amf0Exception extends RtmpProtocolException {

    public Amf0Exception(String reason) {
        super("AMF0: " + reason);
    }
}
