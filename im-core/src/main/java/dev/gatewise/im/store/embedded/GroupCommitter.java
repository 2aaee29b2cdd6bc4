package dev.gatewise.im.store.embedded;

import dev.gatewise.im.store.StoreUnavailableException;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes writes durable in batches: every writer waits for one commit that covers its change, and one
 * thread commits for all who are waiting. Under load one commit (one file write, optionally one fsync)
 * serves many messages; idle, a lone write commits at once.
 */
final class GroupCommitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

    private final MVStore store;
    private final boolean fsync;
    private final Thread thread;
    private final Object lock = new Object();
    private long requested;
    private long committed;
    private boolean closed;
    private RuntimeException failure;

    GroupCommitter(MVStore store, boolean fsync) {
        this.store = store;
        this.fsync = fsync;
        this.thread = new Thread(this::run, "embedded-store-commit");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Blocks until everything this thread wrote before the call is committed to the file. */
    void awaitDurable() {
        synchronized (lock) {
            long ticket = ++requested;
            lock.notifyAll();
            boolean interrupted = false;
            while (committed < ticket) {
                if (failure != null) {
                    throw new StoreUnavailableException("embedded store commit failed", failure);
                }
                if (closed) {
                    throw new StoreUnavailableException("embedded store is closed", null);
                }
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (true) {
            long target;
            synchronized (lock) {
                while (requested == committed && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (requested == committed) {
                    return;
                }
                target = requested;
            }
            try {
                store.commit();
                if (fsync) {
                    store.sync();
                }
            } catch (RuntimeException e) {
                log.error("Embedded store commit failed; writers get a retry error", e);
                synchronized (lock) {
                    failure = e;
                    lock.notifyAll();
                }
                return;
            }
            synchronized (lock) {
                committed = target;
                lock.notifyAll();
            }
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
