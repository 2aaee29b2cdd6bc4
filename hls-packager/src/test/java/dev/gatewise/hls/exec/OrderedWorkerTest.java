package dev.gatewise.hls.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Order is kept whether a task runs on the worker or on the caller. */
class OrderedWorkerTest {

    private final Queue<Runnable> pool = new ArrayDeque<>();

    @Test
    void runsOnTheCallerOnlyWhileNothingIsQueuedAndTheGateIsOpen() {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        OrderedWorker worker = new OrderedWorker(pool::add, 10, gate);
        List<String> order = new ArrayList<>();

        worker.submit(() -> order.add("open"));
        assertThat(worker.runIfIdle(() -> order.add("before the gate"))).isFalse();
        worker.submit(() -> order.add("queued frame"));
        gate.complete(null);
        // The worker holds queued tasks: a caller must queue behind them.
        assertThat(worker.runIfIdle(() -> order.add("not yet"))).isFalse();
        pool.poll().run();
        assertThat(order).containsExactly("open", "queued frame");

        assertThat(worker.runIfIdle(() -> order.add("inline"))).isTrue();
        assertThat(order).containsExactly("open", "queued frame", "inline");
        assertThat(pool).isEmpty();
    }
}
