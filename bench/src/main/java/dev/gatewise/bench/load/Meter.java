package dev.gatewise.bench.load;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Counts and latencies of one run; nothing is recorded until {@link #start()} (after the warm-up). */
final class Meter {
    final LongAdder sent = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder errors = new LongAdder();
    final Histogram ackLatency = new ConcurrentHistogram(3);
    final Histogram deliveryLatency = new ConcurrentHistogram(3);
    private volatile boolean on;

    void start() {
        on = true;
    }

    void stop() {
        on = false;
    }

    void sent() {
        if (on) {
            sent.increment();
        }
    }

    void acked(long sentAtNanos) {
        if (on) {
            acked.increment();
            ackLatency.recordValue(Math.max(0, System.nanoTime() - sentAtNanos));
        }
    }

    /** A push arrived carrying its send time (ignored when it carries none: group events and the like). */
    void delivered(long sentAtNanos) {
        if (on && sentAtNanos > 0) {
            delivered.increment();
            deliveryLatency.recordValue(Math.max(0, System.nanoTime() - sentAtNanos));
        }
    }

    void error() {
        if (on) {
            errors.increment();
        }
    }
}
