package dev.gatewise.teamtalk.wire;

/** Input that is not a TeamTalk packet we can read; the connection is closed with this reason in the log. */
public final class BadPacketException extends RuntimeException {
    public BadPacketException(String reason) {
        super(reason, null, false, false);
    }
}
