package dev.gatewise.im.protocol;

/** Tells the client what went wrong; {@code id} repeats the failed request's id when known. */
public record ErrorFrame(String id, ErrorCode code, String message) implements ServerFrame {
    @Override
    public String type() {
        return "error";
    }
}
