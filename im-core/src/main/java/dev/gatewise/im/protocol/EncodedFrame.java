package dev.gatewise.im.protocol;

/** A server frame already serialized, so a message fanned out to many connections is encoded once. */
public record EncodedFrame(byte[] json) {
    public static EncodedFrame of(ServerFrame frame) {
        return new EncodedFrame(FrameJson.encode(frame));
    }
}
