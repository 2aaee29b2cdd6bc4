package dev.gatewise.hls.segment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Segments' program date-times: one line through the arrivals, so dates differ by the media's durations. */
class ReceiptClockTest {

    @Test
    void keyframesDelayedByATickStillGetDatesTheirDurationsApart() {
        ReceiptClock clock = new ReceiptClock();
        // Keyframes every 2 s, each read up to a 100 ms tick after it arrived.
        clock.keyframe(0, 1_050);
        clock.keyframe(2_000, 3_000);
        clock.keyframe(4_000, 5_100);
        clock.keyframe(6_000, 7_030);

        // The least-delayed arrival sets the line; the first keyframe came before it did.
        assertThat(clock.wallAt(0)).isEqualTo(1_050);
        assertThat(clock.wallAt(2_000)).isEqualTo(3_000);
        assertThat(clock.wallAt(4_000)).isEqualTo(5_000);
        assertThat(clock.wallAt(6_000)).isEqualTo(7_000);
        assertThat(clock.wallAt(5_000)).isEqualTo(6_000);
    }

    @Test
    void anArrivalMuchLaterThanTheLineMovesIt() {
        ReceiptClock clock = new ReceiptClock();
        clock.keyframe(0, 1_000);
        clock.keyframe(2_000, 3_000 + ReceiptClock.LATE_MILLIS);
        // The publisher stalled for 1.5 s: from then on the dates say so.
        clock.keyframe(4_000, 6_500);
        clock.keyframe(6_000, 8_450);

        // A delay of up to the limit is still taken for jitter.
        assertThat(clock.wallAt(2_000)).isEqualTo(3_000);
        assertThat(clock.wallAt(4_000)).isEqualTo(6_500);
        assertThat(clock.wallAt(6_000)).isEqualTo(8_450);
    }
}
