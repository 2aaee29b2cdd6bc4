package dev.gatewise.hls.exec;

import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks one at a time, in the order they were given, on a shared executor: a stream's or a rendition's own
 * sequence of work without a thread of its own while idle. The queue is bounded for the tasks that may be dropped
 * ({@link #offer}); the few that may not (configurations, the end) always go in ({@link #submit}).
 *
 * <p>A worker can start closed behind a gate: tasks queue up and run once the gate completes (a republished stream
 * waits for the previous publish of the same name to finish writing its playlists).
 */
public final class OrderedWorker {

    private static final int BATCH = 64;

    private final Executor executor;
    private final int limit;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean gateOpen;

    /**
     * @param executor where the tasks run
     * @param limit how many tasks may wait before {@link #offer} refuses
     * @param gate completes when the worker may start
     */
    public OrderedWorker(Executor executor, int limit, CompletionStage<?> gate) {
        this.executor = executor;
        this.limit = limit;
        gate.whenComplete((ignored, error) -> {
            gateOpen = true;
            schedule();
        });
    }

    /** Queues a task unless {@code limit} tasks are already waiting; returns whether it was queued. */
    public boolean offer(Runnable task) {
        if (queued.get() >= limit) {
            return false;
        }
        submit(task);
        return true;
    }

    /** Queues a task whatever the backlog. */
    public void submit(Runnable task) {
        queued.incrementAndGet();
        queue.add(task);
        schedule();
    }

    /**
     * Runs the task at once on the caller's thread if nothing is queued or running and the gate is open, and returns
     * whether it did; otherwise the caller queues it. For a single producer whose tasks are cheap: no hand-off to
     * another thread (and no wake-up of one) while the worker keeps up, the same order when it does not.
     */
    public boolean runIfIdle(Runnable task) {
        if (!gateOpen || !queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
            return false;
        }
        try {
            task.run();
        } finally {
            scheduled.set(false);
            schedule();
        }
        return true;
    }

    private void schedule() {
        if (gateOpen && !queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    // Runs a batch, then gives the thread back so that other workers on the same executor get their turn.
    private void drain() {
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable task = queue.poll();
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } finally {
                    queued.decrementAndGet();
                }
            }
        } finally {
            scheduled.set(false);
            schedule();
        }
    }
}
