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
 * <p>Arrivals are placed on one line, stream time plus an offset, so that consecutive segments' dates differ by
 * exactly their durations: read pacing and the collector delay an arrival by up to a tick or a pause, and dates taken
 * from each arrival moved by ±100 ms against the durations, which players may place segments by. The line follows the
 * least-delayed arrival (one that comes sooner than the line moves it), and jumps to an arrival more than
 * {@value #LATE_MILLIS} ms later than it: the publisher stalled or its clock jumped, and a date stays near the media's
 * real arrival.
 *
 * <p>Thread-safe; keeps the last {@value #KEPT} notes.
 */
public final class ReceiptClock {

    private static final int KEPT = 64;
    private static final long AUDIO_NOTE_EVERY_MILLIS = 250;
    static final long LATE_MILLIS = 1000;

    private final ConcurrentSkipListMap<Long, Long> notes = new ConcurrentSkipListMap<>();
    private long lastNote = Long.MIN_VALUE;
    // Wall clock minus stream time of the line arrivals are placed on; publisher's event loop only.
    private long offset = Long.MIN_VALUE;

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
        long arrived = wallMillis - streamMillis;
        if (offset == Long.MIN_VALUE || arrived < offset || arrived - offset > LATE_MILLIS) {
            offset = arrived;
        }
        lastNote = streamMillis;
        notes.put(streamMillis, streamMillis + offset);
        while (notes.size() > KEPT) {
            notes.pollFirstEntry();
        }
    }
}
