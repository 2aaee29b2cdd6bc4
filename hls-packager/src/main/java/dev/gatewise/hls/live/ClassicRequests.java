package dev.gatewise.hls.live;

import java.time.Duration;

/**
 * When a player last asked for one of a live stream's classic (MPEG-TS) files, its renditions' {@code ts.m3u8} and
 * {@code seg-N.ts} or the master over them: with classic HLS made on request, a rendition's worker muxes MPEG-TS only
 * while someone asked within the idle time. One per stream, shared by its renditions, so an adaptive player that
 * switches variants finds each of them being made.
 *
 * <p>Thread-safe: HTTP event loops ask, workers read.
 */
public final class ClassicRequests {

    private volatile long lastAskedNanos;
    private volatile boolean asked;

    /** A player asked for a classic file now. */
    public void asked() {
        lastAskedNanos = System.nanoTime();
        asked = true;
    }

    /** Whether a player asked within {@code idle} of now. */
    public boolean askedWithin(Duration idle) {
        return asked && System.nanoTime() - lastAskedNanos <= idle.toNanos();
    }
}
