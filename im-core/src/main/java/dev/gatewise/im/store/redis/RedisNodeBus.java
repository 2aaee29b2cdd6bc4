package dev.gatewise.im.store.redis;

import dev.gatewise.im.store.NodeBus;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;

/**
 * Redis pub/sub: each node listens on its own inbox channel and the broadcast channel. The listener
 * thread reconnects by itself when Redis goes away; notices sent meanwhile are lost, which costs
 * pushes, not messages (clients sync). Notices go out with the batched commands.
 */
final class RedisNodeBus implements NodeBus {
    private static final Logger log = LoggerFactory.getLogger(RedisNodeBus.class);
    private static final long RETRY_MILLIS = 500;

    private final CommandBatcher batcher;
    private final Subscriber subscriber;
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
        // The channel is given as a key, so Redis Cluster always takes it to the same server (that of the
        // channel's slot): notices reach subscribers in the order they were published.
        var publish = new CommandObject<>(new CommandArguments(Protocol.Command.PUBLISH).key(bytes(channel)).add(notice),
                BuilderFactory.LONG);
        batcher.submit(p -> p.executeCommand(publish), null).whenComplete((receivers, failure) -> {
            if (failure != null) {
                log.debug("A notice on {} was lost: {}", channel, failure.toString());
            }
        });
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
