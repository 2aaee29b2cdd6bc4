package dev.gatewise.im.store;

import java.time.Duration;

/**
 * Counts attempts (failed logins) in windows that open with the first attempt and are forgotten when they end,
 * shared by every node on the store. Blocking: call off the event loop.
 */
public interface AttemptCounters {
    /** Counts one attempt at {@code key}; a window of {@code length} opens with the first. */
    Window count(String key, Duration length);

    /** The open window of {@code key} (count 0 when none is). */
    Window peek(String key);

    /** Forgets {@code key}'s window. */
    void clear(String key);

    /** Attempts counted in a window and how long it still runs. */
    record Window(long count, long remainingMillis) {}
}
