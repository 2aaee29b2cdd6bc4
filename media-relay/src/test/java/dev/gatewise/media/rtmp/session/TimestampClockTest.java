package dev.gatewise.media.rtmp.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimestampClockTest {

    @Test
    void startsAtZeroAndFollowsTheStream() {
        TimestampClock clock = new TimestampClock();
        assertThat(clock.streamTime(5000)).isZero();
        assertThat(clock.streamTime(5040)).isEqualTo(40);
        assertThat(clock.streamTime(5030)).as("audio slightly behind video").isEqualTo(30);
    }

    @Test
    void keepsCountingAcrossTheThirtyTwoBitWrap() {
        TimestampClock clock = new TimestampClock();
        assertThat(clock.streamTime(0xFFFF_FFF0L)).isZero();
        assertThat(clock.streamTime(0x0000_0010L)).isEqualTo(32);
        assertThat(clock.streamTime(0x0000_1010L)).isEqualTo(32 + 4096);
    }

    @Test
    void neverGoesBelowZero() {
        TimestampClock clock = new TimestampClock();
        clock.streamTime(1000);
        assertThat(clock.streamTime(900)).isZero();
    }
}
