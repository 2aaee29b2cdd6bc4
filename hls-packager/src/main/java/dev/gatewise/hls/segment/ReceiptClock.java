package dev.gatewise.hls.segment;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * When a stream's media reached us, by the wall clock: the publisher's event loop notes the arrival of keyframes (and,
 * without video, of audio every so often) against their stream time; the renditions' workers look up the wall-clock
 * time of a segment's first frame for its {@code EXT-X-PROGRAM-DATE-TIME}. The source and every rung are cut at the
 * same keyframes, so they find the same dates. A time between two notes is placed after the earlier one by the
 * stream clock.
 *
 * <p>Thread-safe; keeps the last {@value #KEPT} notes.
 */
public final class ReceiptClock {

    private static final int KEPT = 64;
    private static final long AUDIO_NOTE_EVERY_MILLIS = 250;

    private final ConcurrentSkipListMap<Long, Long> notes = new ConcurrentSkipListMap<>();
    private long lastNote = Long.MIN_VALUE;

    /** On the publisher's event loop: a keyframe at presentation time {@code streamMillis} arrived now. */
    public void keyframe(long streamMillis, long wallMillis) {
        note(streamMillis, wallMillis);
    }

    /** On the publisher's event loop: an audio frame arrived now; noted every so often (it times audio-only streams). */
    public void audio(long streamMillis, long wallMillis) {
        if (streamMillis - lastNote >= AUDIO_NOTE_EVERY_MILLIS || streamMillis < lastNote) {
            note(streamMillis, wallMillis);
        }
    }

    /** The wall-clock time (epoch milliseconds) at which stream time {@code streamMillis} arrived, or -1 if unknown. */
    public long wallAt(long streamMillis) {
        Map.Entry<Long, Long> before = notes.floorEntry(streamMillis);
        if (before == null) {
            before = notes.ceilingEntry(streamMillis);
        }
        return before == null ? -1 : before.getValue() + streamMillis - before.getKey();
    }

    private void note(long streamMillis, long wallMillis) {
        lastNote = streamMillis;
        notes.put(streamMillis, wallMillis);
        while (notes.size() > KEPT) {
            notes.pollFirstEntry();
        }
    }
}
