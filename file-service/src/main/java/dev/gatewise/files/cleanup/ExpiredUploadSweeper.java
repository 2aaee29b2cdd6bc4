package dev.gatewise.files.cleanup;

import dev.gatewise.files.upload.Uploads;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes uploads left unfinished past their expiry, every interval, on the given scheduler. */
public final class ExpiredUploadSweeper {
    private static final Logger log = LoggerFactory.getLogger(ExpiredUploadSweeper.class);

    private final Uploads uploads;

    public ExpiredUploadSweeper(Uploads uploads) {
        this.uploads = uploads;
    }

    public void start(ScheduledExecutorService scheduler, Duration interval) {
        scheduler.scheduleWithFixedDelay(this::sweep, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass; returns how many uploads were deleted. */
    public int sweep() {
        try {
            int deleted = uploads.deleteExpired();
            if (deleted > 0) {
                log.info("Deleted {} expired unfinished uploads", deleted);
            }
            return deleted;
        } catch (Exception e) {
            log.warn("Sweeping expired uploads failed; will try again: {}", e.toString());
            return 0;
        }
    }
}
