package dev.gatewise.media.rtmp.session;

/** Makes strings a client chose fit for a log line or a status description: printable ASCII, and short. */
final class LogSafe {
    private static final int MAX_LENGTH = 80;

    private LogSafe() {}

    static String text(String value) {
        if (value == null) {
            return "(none)";
        }
        String shortened = value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) + "..." : value;
        return shortened.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
