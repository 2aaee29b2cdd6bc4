package dev.gatewise.hls.cleanup;

import dev.gatewise.hls.HlsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the directories of streams that have not been written to for a while: ended streams, and what a gateway
 * that stopped abruptly left behind. A stream that is being written is never touched: the sweeper claims a name in
 * the same table publishes register in, so a publish of that name that starts meanwhile waits until the directory
 * is gone and starts afresh.
 */
public final class EndedStreamSweeper {

    private static final Logger log = LoggerFactory.getLogger(EndedStreamSweeper.class);

    private final Path root;
    private final Duration keep;
    private final Map<String, CompletableFuture<Void>> writing;
    private final Clock clock;

    /**
     * @param keep how long after its last write a stream's directory stays
     * @param writing the names being written, each with a future that completes when the writing ends; shared with
     *     the packager, which registers publishes in it
     */
    public EndedStreamSweeper(Path root, Duration keep, Map<String, CompletableFuture<Void>> writing, Clock clock) {
        this.root = root;
        this.keep = keep;
        this.writing = writing;
        this.clock = clock;
    }

    /** Deletes every stream directory whose newest file is older than the keep time; returns how many. */
    public int sweep() {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> streams = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path directory : streams) {
                String name = directory.getFileName().toString();
                if (HlsFiles.isValidStreamName(name) && !writing.containsKey(name) && sweep(name, directory)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            log.warn("HLS cleanup: cannot list {}: {}", root, e.toString());
        }
        return removed;
    }

    private boolean sweep(String name, Path directory) {
        Instant cutoff = clock.instant().minus(keep);
        try {
            if (newestWrite(directory).isAfter(cutoff)) {
                return false;
            }
        } catch (UncheckedIOException e) {
            return false; // files vanishing under our feet: someone is writing
        }
        CompletableFuture<Void> claim = new CompletableFuture<>();
        if (writing.putIfAbsent(name, claim) != null) {
            return false;
        }
        try {
            // A publish may have come and gone between the first look and the claim.
            if (newestWrite(directory).isAfter(cutoff)) {
                return false;
            }
            deleteTree(directory);
            log.info("HLS stream {}: directory removed, nothing written for {}", name, keep);
            return true;
        } catch (IOException | UncheckedIOException e) {
            log.warn("HLS cleanup: cannot remove {}: {}", directory, e.toString());
            return false;
        } finally {
            writing.remove(name, claim);
            claim.complete(null);
        }
    }

    private static Instant newestWrite(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.map(EndedStreamSweeper::modified).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant modified(Path file) {
        try {
            FileTime time = Files.getLastModifiedTime(file);
            return time.toInstant();
        } catch (IOException e) {
            // Deleted while we looked: a write is going on.
            return Instant.MAX;
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
