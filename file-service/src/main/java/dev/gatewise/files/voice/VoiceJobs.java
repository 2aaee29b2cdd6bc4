package dev.gatewise.files.voice;

import dev.gatewise.files.meta.FileRecord;
import dev.gatewise.files.meta.FileRecords;
import dev.gatewise.files.meta.Voice;
import dev.gatewise.files.storage.FileId;
import dev.gatewise.files.storage.FileStorage;
import dev.gatewise.http.ApiException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voice processing of uploaded clips on a small pool of its own with a bounded queue, so decoding never takes the
 * event loops or the disk threads, and a burst of clips gets 503 busy instead of a growing backlog. Each job records
 * its state in the file's record as it goes: processing (with progress), then ready or failed.
 */
public final class VoiceJobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VoiceJobs.class);

    private final FileRecords records;
    private final FileStorage storage;
    private final VoiceTranscoder transcoder;
    private final ThreadPoolExecutor pool;
    /** Jobs of this node by file, so asking twice waits for the same job. */
    private final Map<FileId, CompletableFuture<FileRecord>> running = new ConcurrentHashMap<>();

    public VoiceJobs(FileRecords records, FileStorage storage, Duration maxDuration, int bars, int threads,
                     int queue) {
        this.records = records;
        this.storage = storage;
        this.transcoder = new VoiceTranscoder(maxDuration, bars);
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                new DefaultThreadFactory("files-voice"));
    }

    /**
     * The file's record once processed (ready or failed); at once when it already was. 503 busy when the queue is
     * full. {@code record} must be complete.
     */
    public CompletableFuture<FileRecord> process(FileRecord record) {
        if (record.voice() != null && !record.voice().isProcessing()) {
            return CompletableFuture.completedFuture(record);
        }
        FileId id = new FileId(record.id());
        var job = new CompletableFuture<FileRecord>();
        var earlier = running.putIfAbsent(id, job);
        if (earlier != null) {
            return earlier;
        }
        try {
            pool.execute(() -> {
                try {
                    job.complete(run(record));
                } catch (RuntimeException | Error e) {
                    job.completeExceptionally(e);
                } finally {
                    running.remove(id);
                }
            });
        } catch (RejectedExecutionException e) {
            running.remove(id);
            throw new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy",
                    "too many voice clips are being processed; try again shortly");
        }
        return job;
    }

    private FileRecord run(FileRecord record) {
        FileId source = new FileId(record.id());
        FileId copy = FileId.random();
        FileRecord[] last = {record};
        update(last, Voice.processing(0));
        long started = System.nanoTime();
        try {
            storage.create(copy);
            VoiceTranscoder.Result result = transcoder.transcode(storage.path(source), record.length(),
                    storage.path(copy), fraction -> update(last, Voice.processing(fraction)));
            update(last, Voice.ready(result.durationMs(), result.peaks(), copy.value(), result.codec()));
            log.info("Voice clip {} ready in {} ms: {} ms of audio", record.id(),
                    (System.nanoTime() - started) / 1_000_000, result.durationMs());
        } catch (VoiceRefused e) {
            deleteQuietly(copy);
            update(last, Voice.failed(e.code(), e.getMessage()));
            log.info("Voice clip {} refused: {} ({})", record.id(), e.code(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            deleteQuietly(copy);
            update(last, Voice.failed("internal", "the clip could not be processed"));
            log.warn("Voice clip {} failed", record.id(), e);
        }
        return last[0];
    }

    private void update(FileRecord[] last, Voice voice) {
        FileRecord now = last[0].withVoice(voice);
        records.update(last[0], now);
        last[0] = now;
    }

    private void deleteQuietly(FileId id) {
        try {
            storage.delete(id);
        } catch (IOException e) {
            log.debug("deleting {}: {}", id, e.toString());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
