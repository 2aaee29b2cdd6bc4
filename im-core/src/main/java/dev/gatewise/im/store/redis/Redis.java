package dev.gatewise.im.store.redis;

import dev.gatewise.im.store.StoreUnavailableException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The one door to Redis for calls that wait for their answer: every call goes through here, so a
 * Redis that is down, restarting, loading, read-only, out of memory, busy or short of replicas
 * becomes a {@link StoreUnavailableException} (a {@code retry} for the client), never a crash.
 */
final class Redis {
    private final UnifiedJedis client;

    Redis(UnifiedJedis client) {
        this.client = client;
    }

    UnifiedJedis client() {
        return client;
    }

    /**
     * Runs a command. A broken connection (Redis restarted since it was pooled) costs one retry on a
     * fresh one, and so do missing functions (loaded again first): every command here is idempotent
     * (appends dedupe by client id, cursors only advance).
     */
    <T> T call(Function<UnifiedJedis, T> command) {
        try {
            return command.apply(client);
        } catch (JedisConnectionException first) {
            dropIdleConnections();
            return retry(command);
        } catch (JedisDataException e) {
            if (!RedisFunctions.missing(e)) {
                throw unavailable(e);
            }
            loadFunctions();
            return retry(command);
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    private <T> T retry(Function<UnifiedJedis, T> command) {
        try {
            return command.apply(client);
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    /** Loads the function library (at start, and when Redis has lost it). */
    void loadFunctions() {
        try {
            RedisFunctions.load(client);
        } catch (JedisException e) {
            throw unavailable(e);
        }
    }

    /** Every Redis failure, as the store's "not now". */
    static StoreUnavailableException unavailable(JedisException e) {
        return new StoreUnavailableException("Redis: " + e.getMessage(), e);
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

    /**
     * Sends several commands in one round trip. {@code commands} answers the responses to check: each
     * is read here, so an error Redis gave one of them (NOREPLICAS, OOM, …) is reported like any other.
     */
    void pipelined(Function<AbstractPipeline, List<? extends Response<?>>> commands) {
        run(jedis -> {
            try (AbstractPipeline pipeline = jedis.pipelined()) {
                List<? extends Response<?>> responses = commands.apply(pipeline);
                pipeline.sync();
                responses.forEach(Response::get);
            }
        });
    }
}
