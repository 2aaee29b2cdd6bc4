package dev.gatewise.im.store.redis;

import dev.gatewise.im.store.NodeBus;
import dev.gatewise.im.store.Notices;
import dev.gatewise.im.store.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;

/**
 * Redis pub/sub: each node listens on its own inbox channel and the broadcast channel. The listener
 * thread reconnects by itself when Redis goes away; notices sent meanwhile are lost, which costs
 * pushes, not messages (clients sync). Notices go out with the batched commands, and those waiting for
 * one channel when a flush begins leave as one bundle: one publish per other node per flush, not one
 * per message, so neither Redis nor the receiving node pays per message for the doorbell.
 */
final class RedisNodeBus implements NodeBus {
    private static final Logger log = LoggerFactory.getLogger(RedisNodeBus.class);
    private static final long RETRY_MILLIS = 500;
    /** Notices per publish at most, so a burst does not become one huge pub/sub message. */
    private static final int MAX_BUNDLE = 512;

    private final CommandBatcher batcher;
    private final Subscriber subscriber;
    /** The bundle of each channel still open for notices, until the flush that sends it. */
    private final Map<String, Bundle> open = new HashMap<>();
    private volatile boolean closed;
    private volatile BinaryJedisPubSub subscription;
    private Thread listener;

    /** @param subscriber how to hold a subscription (its own connection, outside the command pool) */
    RedisNodeBus(CommandBatcher batcher, Subscriber subscriber) {
        this.batcher = batcher;
        this.subscriber = subscriber;
    }

    /** Blocks while subscribed; throws when the connection is lost. */
    @FunctionalInterface
    interface Subscriber {
        void subscribe(BinaryJedisPubSub pubSub, byte[]... channels);
    }

    /** Queued with the other commands of the next flush; the caller does not wait. */
    @Override
    public void send(String node, byte[] notice) {
        publish(RedisKeys.inbox(node), notice);
    }

    @Override
    public void broadcast(byte[] notice) {
        publish(RedisKeys.broadcast(), notice);
    }

    private void publish(String channel, byte[] notice) {
        synchronized (open) {
            Bundle bundle = open.get(channel);
            if (bundle == null) {
                bundle = new Bundle(channel);
                open.put(channel, bundle);
                batcher.submit(bundle);
            }
            bundle.notices.add(notice);
            if (bundle.notices.size() >= MAX_BUNDLE) {
                open.remove(channel, bundle);
            }
        }
    }

    /** The notices for one channel that leave in one flush, as one publish. */
    private final class Bundle implements CommandBatcher.PlainOp {
        private final String channel;
        /** Added to under the bus's lock until the flush takes the bundle out of {@code open}. */
        private final List<byte[]> notices = new ArrayList<>();
        private Response<Long> reply;

        Bundle(String channel) {
            this.channel = channel;
        }

        @Override
        public void enqueue(AbstractPipeline pipeline) {
            synchronized (open) {
                open.remove(channel, this);
            }
            // The channel is given as a key, so Redis Cluster always takes it to the same server (that of the
            // channel's slot): notices reach subscribers in the order they were published.
            reply = pipeline.executeCommand(new CommandObject<>(new CommandArguments(Protocol.Command.PUBLISH)
                    .key(bytes(channel)).add(Notices.bundle(notices)), BuilderFactory.LONG));
        }

        @Override
        public void complete() {
            reply.get();
        }

        @Override
        public void fail(StoreUnavailableException e) {
            synchronized (open) {
                open.remove(channel, this);
            }
            log.debug("{} notices on {} were lost: {}", notices.size(), channel, e.toString());
        }
    }

    @Override
    public synchronized void subscribe(String node, Consumer<byte[]> handler) {
        if (listener != null) {
            throw new IllegalStateException("already subscribed");
        }
        listener = new Thread(() -> {
            boolean[] failed = {false};
            while (!closed) {
                var pubSub = new BinaryJedisPubSub() {
                    @Override
                    public void onMessage(byte[] channel, byte[] message) {
                        handler.accept(message);
                    }

                    @Override
                    public void onSubscribe(byte[] channel, int subscribedChannels) {
                        if (failed[0] && subscribedChannels == 2) {
                            failed[0] = false;
                            log.info("Redis pub/sub for node {} is back", node);
                        }
                    }
                };
                subscription = pubSub;
                try {
                    subscriber.subscribe(pubSub, bytes(RedisKeys.inbox(node)), bytes(RedisKeys.broadcast()));
                } catch (RuntimeException e) {
                    if (!closed) {
                        if (!failed[0]) {
                            log.warn("Redis pub/sub for node {} lost ({}); reconnecting", node, e.toString());
                        }
                        failed[0] = true;
                        sleep();
                    }
                }
            }
        }, "redis-node-bus");
        listener.setDaemon(true);
        listener.start();
    }

    private static void sleep() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(String channel) {
        return channel.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closed = true;
        BinaryJedisPubSub current = subscription;
        if (current != null && current.isSubscribed()) {
            try {
                current.unsubscribe();
            } catch (RuntimeException e) {
                log.debug("Unsubscribe failed at close", e);
            }
        }
        if (listener != null) {
            listener.interrupt();
        }
    }
}
