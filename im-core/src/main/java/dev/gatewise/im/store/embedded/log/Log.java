package dev.gatewise.im.store.embedded.log;

import dev.gatewise.im.store.StoreUnavailableException;
import io.netty.channel.EventLoop;
import io.netty.util.internal.ThreadExecutorMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of records in segment files, written by one thread with group commit: appenders
 * queue framed records (their positions are fixed at once, in queue order); the writer takes all that
 * is queued, writes it with one gathering write (and, with {@code fsync}, one force), and only then
 * moves the durable position and completes the appenders' futures, in log order. Idle, a record is
 * written at once; under load one write carries everything that queued meanwhile.
 *
 * <p>A record is <em>durable</em> once its position is below {@link #durablePosition()}: written to the
 * OS (it survives a kill of the process), and forced to the device when {@code fsync} is on (it
 * survives a power loss too).
 */
public final class Log implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Log.class);
    /** Appenders wait while this much is queued (a stalled disk must not fill the heap). */
    private static final long MAX_QUEUED_BYTES = 32L << 20;
    /** One gathering write takes at most this many records (the kernel's IOV_MAX). */
    private static final int MAX_GATHER = 1024;

    /** Gets every intact record at open, in log order. */
    @FunctionalInterface
    public interface Replay {
        void record(long position, byte type, RecordReader fields);
    }

    private record Queued(byte[] bytes, long position, boolean startsSegment, CompletableFuture<Void> durable) {}

    private final Segments segments;
    private final boolean fsync;
    private final long segmentBytes;
    private final Thread writer;
    private final Object lock = new Object();
    /** Queued records not yet written, by position, for readers that look one up early (a resend's original). */
    private final ConcurrentHashMap<Long, byte[]> unwritten = new ConcurrentHashMap<>();
    private List<Queued> queue = new ArrayList<>();
    /** Written under the lock; read without it by {@link #backlogged}. */
    private volatile long queuedBytes;
    private long next;
    private long segmentStart;
    private boolean writerIdle;
    private boolean closed;
    private volatile RuntimeException failure;
    private volatile long durable;
    private int durableWaiters;

    private Log(Segments segments, boolean fsync, long segmentBytes) {
        this.segments = segments;
        this.fsync = fsync;
        this.segmentBytes = segmentBytes;
        this.next = segments.end();
        this.durable = next;
        this.segmentStart = next - segments.activeSize();
        this.writer = new Thread(this::run, "embedded-store-log");
        this.writer.setDaemon(true);
    }

    /**
     * Opens (or creates) the log in {@code dir}, replaying its intact records and cutting a torn tail.
     *
     * @param segmentBytes a segment is closed once it holds about this much
     */
    public static Log open(Path dir, boolean fsync, long segmentBytes, Replay replay) {
        try {
            var opened = new Log(Segments.open(dir, replay), fsync, segmentBytes);
            if (opened.segments.none()) {
                opened.segments.start(0, fsync);
            }
            opened.writer.start();
            return opened;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the embedded store's log in " + dir, e);
        }
    }

    /** A record in the log: where it starts, and (if asked for) when it is durable. */
    public record Appended(long position, CompletableFuture<Void> durable) {}

    /**
     * Queues a record and fixes its position. Callers that need several records in a given order append
     * them in that order (under their own lock if others append concurrently).
     *
     * @param notify whether to return a future completed once it is durable
     * @throws StoreUnavailableException when the log has failed or is closed
     */
    public Appended append(RecordWriter record, boolean notify) {
        byte[] bytes = record.framed();
        CompletableFuture<Void> future = notify ? new CompletableFuture<>() : null;
        long position;
        // An event loop never waits: callers there check backlogged() first and leave the waiting to a worker.
        boolean mayWait = !(ThreadExecutorMap.currentExecutor() instanceof EventLoop);
        synchronized (lock) {
            while (mayWait && queuedBytes > MAX_QUEUED_BYTES && failure == null && !closed) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreUnavailableException("interrupted while the log was full", e);
                }
            }
            checkOpen();
            position = next;
            boolean starts = position > segmentStart && position + bytes.length - segmentStart > segmentBytes;
            if (starts) {
                segmentStart = position;
            }
            next += bytes.length;
            queuedBytes += bytes.length;
            unwritten.put(position, bytes);
            queue.add(new Queued(bytes, position, starts, future));
            if (writerIdle) {
                writerIdle = false;
                lock.notifyAll();
            }
        }
        return new Appended(position, future);
    }

    private void checkOpen() {
        if (failure != null) {
            throw new StoreUnavailableException("the embedded store could not write to disk", failure);
        }
        if (closed) {
            throw new StoreUnavailableException("the embedded store is closed", null);
        }
    }

    /** Whether so much is queued for the disk that appenders wait (on threads that may). */
    public boolean backlogged() {
        return queuedBytes > MAX_QUEUED_BYTES;
    }

    /** Everything before this position is durable. */
    public long durablePosition() {
        return durable;
    }

    public boolean isDurable(long position) {
        return position < durable;
    }

    /** Waits until the record at {@code position} is durable. */
    public void awaitDurable(long position) {
        if (position < durable) {
            return;
        }
        synchronized (lock) {
            durableWaiters++;
            try {
                while (position >= durable) {
                    checkOpen();
                    lock.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("interrupted while waiting for the disk", e);
            } finally {
                durableWaiters--;
            }
        }
    }

    /** The record at {@code position} (written or still queued), or null if retention removed it. */
    public LogRecord read(long position) {
        // Taken out of the map only once written, so a miss means it is in its segment.
        byte[] queued = unwritten.get(position);
        if (queued != null) {
            return new LogRecord(queued[Frame.HEADER], new RecordReader(queued, Frame.HEADER + 1, queued.length));
        }
        try {
            return segments.read(position);
        } catch (java.nio.channels.ClosedChannelException e) {
            return null;
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot read the embedded store's log", e);
        }
    }

    /** Completes once the record at {@code position} is durable (at once if it is). */
    public CompletableFuture<Void> whenDurable(long position) {
        return position < durable ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> awaitDurable(position));
    }

    private void run() {
        var buffers = new ByteBuffer[MAX_GATHER];
        while (true) {
            List<Queued> batch;
            synchronized (lock) {
                while (queue.isEmpty() && !closed) {
                    writerIdle = true;
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                batch = queue;
                queue = new ArrayList<>(batch.size());
                queuedBytes = 0;
                lock.notifyAll();
            }
            try {
                write(batch, buffers);
            } catch (IOException | RuntimeException e) {
                fail(batch, e);
                return;
            }
            Queued last = batch.get(batch.size() - 1);
            synchronized (lock) {
                durable = last.position + last.bytes.length;
                if (durableWaiters > 0) {
                    lock.notifyAll();
                }
            }
            for (Queued queued : batch) {
                unwritten.remove(queued.position);
            }
            // In log order, so one connection's acks leave in the order it sent.
            for (Queued queued : batch) {
                if (queued.durable != null) {
                    queued.durable.complete(null);
                }
            }
        }
    }

    private void write(List<Queued> batch, ByteBuffer[] buffers) throws IOException {
        int count = 0;
        long bytes = 0;
        for (Queued queued : batch) {
            if (queued.startsSegment || count == buffers.length) {
                if (count > 0) {
                    segments.write(buffers, count, bytes);
                }
                count = 0;
                bytes = 0;
                if (queued.startsSegment) {
                    segments.start(queued.position, fsync);
                }
            }
            buffers[count++] = ByteBuffer.wrap(queued.bytes);
            bytes += queued.bytes.length;
        }
        segments.write(buffers, count, bytes);
        java.util.Arrays.fill(buffers, 0, count, null);
        if (fsync) {
            segments.force();
        }
    }

    private void fail(List<Queued> batch, Exception e) {
        log.error("Embedded store: writing the log failed; every write now gets a retry error until a restart", e);
        var unavailable = new StoreUnavailableException("the embedded store could not write to disk", e);
        List<Queued> rest;
        synchronized (lock) {
            failure = unavailable;
            rest = queue;
            queue = new ArrayList<>();
            lock.notifyAll();
        }
        batch.forEach(queued -> failed(queued, unavailable));
        rest.forEach(queued -> failed(queued, unavailable));
    }

    private static void failed(Queued queued, StoreUnavailableException e) {
        if (queued.durable != null) {
            queued.durable.completeExceptionally(e);
        }
    }

    /** Closed segments, oldest first: their first position, end, and when they were last written. */
    public List<SegmentInfo> closedSegments() {
        var infos = new ArrayList<SegmentInfo>();
        for (Segments.Segment segment : segments.closed()) {
            long modified;
            try {
                modified = java.nio.file.Files.getLastModifiedTime(segment.path).toMillis();
            } catch (IOException e) {
                continue;
            }
            infos.add(new SegmentInfo(segment.base, segment.end(), modified));
        }
        return infos;
    }

    /** A closed segment: records in [{@code start}, {@code end}), last written at {@code lastWrittenMillis}. */
    public record SegmentInfo(long start, long end, long lastWrittenMillis) {}

    /** Deletes a closed segment (its records must be no longer needed, or copied forward and durable). */
    public void delete(SegmentInfo info) {
        for (Segments.Segment segment : segments.closed()) {
            if (segment.base == info.start()) {
                try {
                    segments.delete(segment);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + segment.path, e);
                }
            }
        }
    }

    /** Writes out what is queued, forces it to disk, and closes the files. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            writer.join(30_000);
            if (failure == null) {
                segments.force();
            }
            segments.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("Embedded store: closing the log: {}", e.toString());
        }
    }
}
