package dev.gatewise.im.store.embedded;

import dev.gatewise.im.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes writes durable in batches: a writer changes the maps, then asks for a commit that covers its
 * change; one thread commits for everyone who asked since its last commit. Under load one commit (one
 * file write, optionally one fsync) serves many messages; idle, a lone write commits at once. Writers
 * may wait ({@link #awaitDurable}) or carry on and be told ({@link #durable}), which lets one
 * connection's pipelined messages share a commit.
 */
final class GroupCommitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

    /**
     * Commits at most this often. Every commit rewrites the pages its batch touched, so under load a
     * short pause that lets a batch grow saves far more CPU than it costs latency.
     */
    private static final long MIN_INTERVAL_NANOS = 2_000_000;

    private final MVStore store;
    private final boolean fsync;
    private final Thread thread;
    private final Object lock = new Object();
    private List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private boolean closed;
    private RuntimeException failure;

    GroupCommitter(MVStore store, boolean fsync) {
        this.store = store;
        this.fsync = fsync;
        this.thread = new Thread(this::run, "embedded-store-commit");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Completes once everything the caller wrote before this call is committed to the file. */
    CompletableFuture<Void> durable() {
        synchronized (lock) {
            if (failure != null) {
                return CompletableFuture.failedFuture(new StoreUnavailableException("embedded store commit failed",
                        failure));
            }
            if (closed) {
                return CompletableFuture.failedFuture(new StoreUnavailableException("embedded store is closed", null));
            }
            var future = new CompletableFuture<Void>();
            waiting.add(future);
            lock.notifyAll();
            return future;
        }
    }

    /** Blocks until everything the caller wrote before this call is committed to the file. */
    void awaitDurable() {
        try {
            durable().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void run() {
        long lastCommit = 0;
        while (true) {
            List<CompletableFuture<Void>> batch;
            synchronized (lock) {
                try {
                    while (waiting.isEmpty() && !closed) {
                        lock.wait();
                    }
                    long pause = lastCommit + MIN_INTERVAL_NANOS - System.nanoTime();
                    if (pause > 0 && !closed) {
                        lock.wait(pause / 1_000_000, (int) (pause % 1_000_000));
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (waiting.isEmpty()) {
                    return;
                }
                batch = waiting;
                waiting = new ArrayList<>();
            }
            lastCommit = System.nanoTime();
            try {
                store.commit();
                if (fsync) {
                    store.sync();
                }
            } catch (RuntimeException e) {
                log.error("Embedded store commit failed; writers get a retry error", e);
                var unavailable = new StoreUnavailableException("embedded store commit failed", e);
                synchronized (lock) {
                    failure = e;
                    batch.addAll(waiting);
                    waiting = new ArrayList<>();
                }
                batch.forEach(future -> future.completeExceptionally(unavailable));
                return;
            }
            // In commit order, so each connection's acks go out in the order it sent.
            batch.forEach(future -> future.complete(null));
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
