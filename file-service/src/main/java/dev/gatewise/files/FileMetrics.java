package dev.gatewise.files;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;

/** What operators watch of the file service: bytes in and out, uploads finished, uploads in progress. */
public final class FileMetrics {
    private final Counter bytesUploaded;
    private final Counter uploadsCompleted;
    private final Counter downloads;

    public FileMetrics(MeterRegistry registry, Collection<?> uploadsInProgress) {
        this.bytesUploaded = Counter.builder("gatewise.files.uploaded.bytes")
                .description("Bytes received by uploads").baseUnit("bytes").register(registry);
        this.uploadsCompleted = Counter.builder("gatewise.files.uploads.completed")
                .description("Uploads whose last byte arrived").register(registry);
        this.downloads = Counter.builder("gatewise.files.downloads")
                .description("Download answers started (whole files and ranges)").register(registry);
        registry.gaugeCollectionSize("gatewise.files.uploads.active", List.of(), uploadsInProgress);
    }

    public void uploaded(long bytes) {
        bytesUploaded.increment(bytes);
    }

    public void completed() {
        uploadsCompleted.increment();
    }

    public void downloaded() {
        downloads.increment();
    }
}
