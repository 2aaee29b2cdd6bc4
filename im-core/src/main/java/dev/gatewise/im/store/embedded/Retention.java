package dev.gatewise.im.store.embedded;

import dev.gatewise.im.store.embedded.log.Log;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the oldest segments once everything in them is older than the retention. What is still live
 * there is written again first (the current values of maps, the last sequence number of conversations
 * left without messages), so the work per deleted segment is bounded by the live data, and the log by
 * the retention's worth of messages plus the live maps.
 */
final class Retention {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final Log messageLog;
    private final LogMaps maps;
    private final EmbeddedMessageStore messages;
    private final Duration retention;

    Retention(Log messageLog, LogMaps maps, EmbeddedMessageStore messages, Duration retention) {
        this.messageLog = messageLog;
        this.maps = maps;
        this.messages = messages;
        this.retention = retention;
    }

    void run() {
        if (retention.isZero()) {
            return;
        }
        try {
            long cutoff = System.currentTimeMillis() - retention.toMillis();
            for (Log.SegmentInfo segment : messageLog.closedSegments()) {
                if (segment.lastWrittenMillis() >= cutoff) {
                    return;
                }
                long last = Math.max(maps.copyForward(segment.start(), segment.end()),
                        messages.retire(segment.start(), segment.end()));
                if (last >= 0) {
                    messageLog.awaitDurable(last);
                }
                messageLog.delete(segment);
                log.info("Embedded store: deleted log segment {} (records older than {})", segment.start(), retention);
            }
        } catch (RuntimeException e) {
            log.warn("Embedded store: retention failed; will try again", e);
        }
    }
}
