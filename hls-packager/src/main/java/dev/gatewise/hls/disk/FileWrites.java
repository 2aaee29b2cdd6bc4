package dev.gatewise.hls.disk;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rendition's file operations (atomic writes, deletions), done in the order they were asked for by an executor
 * that runs tasks one at a time: an ordered worker on the packager's I/O threads, so that the thread that muxes (the
 * publisher's event loop) never touches the disk, or the caller's own thread where that is a worker already. A
 * segment asked for before the playlist that lists it is thus on disk before it, and what must not be seen before
 * the files asked for so far exist (a live playlist) waits for them with {@link #whenWritten}.
 *
 * <p>The first failure, or falling {@code limit} file operations behind, is logged once and stops every later
 * operation ({@link #failed()}): the rendition is then failed, as with any other error, and gets nothing more but its
 * end. What waits for the writes is not counted: it takes no disk time, and a live playlist is published after every
 * part, several times per segment written.
 */
public final class FileWrites {

    private static final Logger log = LoggerFactory.getLogger(FileWrites.class);
    private static final Runnable NOTHING = () -> {};

    /** A file operation. */
    @FunctionalInterface
    public interface FileTask {
        void run() throws IOException;
    }

    private final String label;
    private final Executor ordered;
    private final int limit;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger fileOperationsPending = new AtomicInteger();
    private volatile boolean failed;

    /**
     * @param label names the rendition in the log line of a failure
     * @param ordered runs tasks one at a time, in order
     * @param limit how many operations may wait before the rendition is failed (the disk cannot keep up)
     */
    public FileWrites(String label, Executor ordered, int limit) {
        this.label = label;
        this.ordered = ordered;
        this.limit = limit;
    }

    /** Writes on the caller's thread (for renditions that have a worker of their own). */
    public static FileWrites onCaller(String label) {
        return new FileWrites(label, Runnable::run, Integer.MAX_VALUE);
    }

    public void write(Path target, byte[] content) {
        run(() -> AtomicFiles.write(target, content));
    }

    public void write(Path target, List<byte[]> pieces) {
        run(() -> AtomicFiles.write(target, pieces));
    }

    /** Writes a buffer's bytes, then releases it; also when the write is skipped after a failure. */
    public void write(Path target, ByteBuf content) {
        queue(() -> AtomicFiles.write(target, content), true, content::release);
    }

    public void delete(Path file) {
        run(() -> Files.deleteIfExists(file));
    }

    /**
     * Runs the action once every file operation asked for so far is done: at once, on the caller's thread, if none is
     * waiting, else on the writer's after them (and before any asked for later).
     */
    public void whenWritten(Runnable action) {
        if (pending.get() == 0) {
            action.run();
        } else {
            queue(action::run, false, NOTHING);
        }
    }

    /** Runs any other file work in the same order. */
    public void run(FileTask task) {
        queue(task, true, NOTHING);
    }

    /** Queues the task; {@code after} runs once it ran, failed or was skipped. */
    private void queue(FileTask task, boolean fileOperation, Runnable after) {
        if (failed) {
            after.run();
            return;
        }
        if (fileOperation && fileOperationsPending.incrementAndGet() > limit) {
            fileOperationsPending.decrementAndGet();
            fail(new IOException(limit + " file operations waiting: the disk does not keep up"));
            after.run();
            return;
        }
        pending.incrementAndGet();
        ordered.execute(() -> {
            try {
                if (!failed) {
                    task.run();
                }
            } catch (IOException e) {
                fail(e);
            } catch (UncheckedIOException e) {
                fail(e.getCause());
            } finally {
                pending.decrementAndGet();
                if (fileOperation) {
                    fileOperationsPending.decrementAndGet();
                }
                after.run();
            }
        });
    }

    /** Runs once every operation asked for so far is done (or skipped after a failure). */
    public void then(Runnable done) {
        ordered.execute(done);
    }

    /** Whether an operation failed; nothing more is written then. */
    public boolean failed() {
        return failed;
    }

    private void fail(IOException e) {
        if (!failed) {
            failed = true;
            log.error("HLS {}: file writes failed, the rendition gets no more frames", label, e);
        }
    }
}
