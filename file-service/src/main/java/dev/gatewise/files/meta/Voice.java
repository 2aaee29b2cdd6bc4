package dev.gatewise.files.meta;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What voice processing made of a file, kept in its record so every node (and a client polling
 * {@code GET /files/ID/info}) sees the same: {@code processing} (with {@code progress} 0..1), then {@code ready} (with
 * the duration, the waveform and the playable copy) or {@code failed} (with an error code and a reason).
 *
 * @param durationMs the decoded audio's duration
 * @param peaks the waveform: the loudest sample of each of a fixed number of equal slices, 0..100
 * @param playable the file id of the copy every player plays (AAC in MP4); served at {@code /files/ID/playable}
 * @param codec FFmpeg's name of the original's audio codec ({@code opus}, {@code speex}, {@code amrnb}, ...)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Voice(String state, Double progress, Long durationMs, List<Integer> peaks, String playable,
                    String codec, String error, String message) {
    public static final String PROCESSING = "processing";
    public static final String READY = "ready";
    public static final String FAILED = "failed";

    public static Voice processing(double progress) {
        return new Voice(PROCESSING, progress, null, null, null, null, null, null);
    }

    public static Voice ready(long durationMs, List<Integer> peaks, String playable, String codec) {
        return new Voice(READY, null, durationMs, peaks, playable, codec, null, null);
    }

    public static Voice failed(String error, String message) {
        return new Voice(FAILED, null, null, null, null, null, error, message);
    }

    public boolean isReady() {
        return READY.equals(state);
    }

    public boolean isProcessing() {
        return PROCESSING.equals(state);
    }
}
