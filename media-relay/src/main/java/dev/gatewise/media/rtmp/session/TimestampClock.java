package dev.gatewise.media.rtmp.session;

/**
 * Turns RTMP's 32-bit millisecond timestamps, which wrap after 49.7 days, into a 64-bit clock that starts at 0 with
 * the stream's first message. Each timestamp is taken as the signed 32-bit step from the previous one, so a wrap is
 * a small step forward and a slightly earlier audio timestamp a small step back, never a jump of 49 days.
 */
public final class TimestampClock {
    private boolean started;
    private long previous;
    private long extended;

    /** The stream time of a message with this RTMP timestamp; never negative. */
    public long streamTime(long rtmpTimestamp) {
        long timestamp = rtmpTimestamp & 0xFFFFFFFFL;
        if (!started) {
            started = true;
            previous = timestamp;
            return 0;
        }
        extended += (int) (timestamp - previous);
        previous = timestamp;
        return Math.max(0, extended);
    }
}
