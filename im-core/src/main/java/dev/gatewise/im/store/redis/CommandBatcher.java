package dev.gatewise.im.store.redis;

import dev.gatewise.im.store.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The hot path's door to Redis. Callers on any thread queue commands and get futures; one thread
 * sends everything waiting as one pipeline, reads the answers and completes the futures. So a send
 * holds no thread while Redis works, and under load one flush (one write and one read on each side)
 * carries many messages. Futures complete on this thread: what follows them must not block.
 */
final class CommandBatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CommandBatcher.class);
    private static final int MAX_BATCH = 1024;
    /** Beyond this many waiting commands, Redis is not keeping up: refuse (clients retry) rather than queue. */
    private static final int MAX_QUEUED = 50_000;

    /** A command (or a few) in a flush. */
    interface Op {
        /** Adds the commands to the flush. */
        void enqueue(AbstractPipeline pipeline);

        /** Reads the answers after the flush; throws the error Redis gave. */
        void complete();

        void fail(StoreUnavailableException e);

        /** A key the op writes, for replica acknowledgement; null for reads. */
        String writtenKey();

        /** Whether it may be sent once more after the functions are loaded again. */
        boolean retryOnce();
    }

    /** An op that writes nothing to wait replicas for and calls no function: a lookup, a publish. */
    interface PlainOp extends Op {
        @Override
        default String writtenKey() {
            return null;
        }

        @Override
        default boolean retryOnce() {
            return false;
        }
    }

    private final Supplier<AbstractPipeline> pipelines;
    private final Redis redis;
    private final ReplicaAck replicaAck;
    private final boolean cluster;
    private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final ArrayDeque<Op> again = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param pipelines a new pipeline for each flush
     * @param cluster whether keys live on several servers (replica acknowledgement is asked of each slot's)
     */
    CommandBatcher(Supplier<AbstractPipeline> pipelines, Redis redis, ReplicaAck replicaAck, boolean cluster) {
        this.pipelines = pipelines;
        this.redis = redis;
        this.replicaAck = replicaAck;
        this.cluster = cluster;
        this.thread = new Thread(this::run, "redis-batcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues one command; {@code writtenKey} is null for a read. */
    <T> CompletableFuture<T> submit(Function<AbstractPipeline, Response<T>> command, String writtenKey) {
        var op = new Single<>(command, writtenKey);
        submit(op);
        return op.future;
    }

    void submit(Op op) {
        if (closed) {
            op.fail(new StoreUnavailableException("Redis store is closed", null));
        } else if (!queue.offer(op)) {
            op.fail(new StoreUnavailableException("Redis is not keeping up: " + MAX_QUEUED + " commands waiting", null));
        }
    }

    private void run() {
        var batch = new ArrayList<Op>();
        while (!closed) {
            try {
                if (again.isEmpty()) {
                    batch.add(queue.take());
                } else {
                    batch.addAll(again);
                    again.clear();
                }
                queue.drainTo(batch, MAX_BATCH - batch.size());
                flush(batch);
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                log.error("Redis batch failed", e);
                batch.forEach(op -> op.fail(new StoreUnavailableException("Redis: " + e, e)));
            }
            batch.clear();
        }
        var left = new ArrayList<Op>(again);
        queue.drainTo(left);
        left.forEach(op -> op.fail(new StoreUnavailableException("Redis store is closed", null)));
    }

    private void flush(List<Op> batch) {
        List<Response<Long>> acks = new ArrayList<>();
        try (AbstractPipeline pipeline = pipelines.get()) {
            Set<Object> waitedFor = new HashSet<>();
            for (Op op : batch) {
                op.enqueue(pipeline);
            }
            if (replicaAck.replicas() > 0) {
                // WAIT covers every earlier write on its connection: one per flush, or per slot in a cluster.
                for (Op op : batch) {
                    String key = op.writtenKey();
                    if (key != null && waitedFor.add(cluster ? JedisClusterCRC16.getSlot(key) : "")) {
                        acks.add(pipeline.waitReplicas(key, replicaAck.replicas(), replicaAck.timeout().toMillis()));
                    }
                }
            }
            pipeline.sync();
        } catch (JedisException e) {
            var failure = Redis.unavailable(e);
            batch.forEach(op -> op.fail(failure));
            return;
        }
        StoreUnavailableException unreplicated = unreplicated(acks);
        boolean reload = false;
        for (Op op : batch) {
            if (unreplicated != null && op.writtenKey() != null) {
                op.fail(unreplicated);
                continue;
            }
            try {
                op.complete();
            } catch (JedisDataException e) {
                if (RedisFunctions.missing(e) && op.retryOnce()) {
                    again.add(op);
                    reload = true;
                } else {
                    op.fail(Redis.unavailable(e));
                }
            } catch (JedisException e) {
                op.fail(Redis.unavailable(e));
            }
        }
        if (reload) {
            reloadFunctions();
        }
    }

    /** Null if every WAIT saw enough replicas; otherwise why the writes cannot be acknowledged. */
    private StoreUnavailableException unreplicated(List<Response<Long>> acks) {
        for (Response<Long> ack : acks) {
            try {
                long replicas = ack.get();
                if (replicas < replicaAck.replicas()) {
                    return new StoreUnavailableException("Redis: written, but confirmed by " + replicas + " of "
                            + replicaAck.replicas() + " replicas within " + replicaAck.timeout().toMillis() + " ms", null);
                }
            } catch (JedisException e) {
                return Redis.unavailable(e);
            }
        }
        return null;
    }

    private void reloadFunctions() {
        try {
            redis.loadFunctions();
            log.info("Loaded the Redis functions again (Redis had lost them)");
        } catch (StoreUnavailableException e) {
            again.forEach(op -> op.fail(e));
            again.clear();
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Replica acknowledgement: a write counts once {@code replicas} replicas have it (Redis WAIT). */
    record ReplicaAck(int replicas, Duration timeout) {
        static final ReplicaAck NONE = new ReplicaAck(0, Duration.ZERO);
    }

    /** One command and its future. */
    private static final class Single<T> implements Op {
        private final Function<AbstractPipeline, Response<T>> command;
        private final String writtenKey;
        private final CompletableFuture<T> future = new CompletableFuture<>();
        private Response<T> response;
        private boolean retried;

        Single(Function<AbstractPipeline, Response<T>> command, String writtenKey) {
            this.command = command;
            this.writtenKey = writtenKey;
        }

        @Override
        public void enqueue(AbstractPipeline pipeline) {
            response = command.apply(pipeline);
        }

        @Override
        public void complete() {
            future.complete(response.get());
        }

        @Override
        public void fail(StoreUnavailableException e) {
            future.completeExceptionally(e);
        }

        @Override
        public String writtenKey() {
            return writtenKey;
        }

        @Override
        public boolean retryOnce() {
            boolean first = !retried;
            retried = true;
            return first;
        }
    }
}
