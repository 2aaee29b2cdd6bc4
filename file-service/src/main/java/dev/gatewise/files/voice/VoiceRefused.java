package dev.gatewise.files.voice;

/** A clip the service will not take as voice: {@code code} is the JSON error code, the message says why. */
public final class VoiceRefused extends Exception {
    public static final String NOT_AUDIO = "not_audio";
    public static final String TOO_LONG = "too_long";
    public static final String UNREADABLE = "unreadable";

    private final String code;

    VoiceRefused(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
