package dev.gatewise.im.store.redis;

import dev.gatewise.im.store.StoreUnavailableException;
import java.util.function.Consumer;
import java.util.function.Function;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The one door to Redis: every call goes through here, so a Redis that is down or restarting
 * becomes a {@link StoreUnavailableException} (a {@code retry} for the client), never a crash.
 */
final class Redis {
    private final UnifiedJedis client;

    Redis(UnifiedJedis client) {
        this.client = client;
    }

    /**
     * Runs a command. A broken connection (Redis restarted since it was pooled) costs one retry on a
     * fresh one: every command here is idempotent (appends dedupe by client id, cursors only advance).
     */
    <T> T call(Function<UnifiedJedis, T> command) {
        try {
            return command.apply(client);
        } catch (JedisConnectionException first) {
            dropIdleConnections();
            try {
                return command.apply(client);
            } catch (JedisException e) {
                throw new StoreUnavailableException("Redis: " + e.getMessage(), e);
            }
        } catch (JedisException e) {
            throw new StoreUnavailableException("Redis: " + e.getMessage(), e);
        }
    }

    /** Forgets pooled connections, which all broke if Redis restarted. */
    private void dropIdleConnections() {
        if (client instanceof RedisClient pooled) {
            pooled.getPool().clear();
        }
    }

    void run(Consumer<UnifiedJedis> command) {
        call(jedis -> {
            command.accept(jedis);
            return null;
        });
    }

    /** Sends several commands in one round trip; read their responses after this returns. */
    void pipelined(Consumer<AbstractPipeline> commands) {
        run(jedis -> {
            try (AbstractPipeline pipeline = jedis.pipelined()) {
                commands.accept(pipeline);
                pipeline.sync();
            }
        });
    }
}
