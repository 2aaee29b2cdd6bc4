package dev.gatewise.im.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** The function library in {@code gatewise.lua} (Redis 7 functions), its names and its loading. */
final class RedisFunctions {
    static final String APPEND = "gw_append";
    static final String ADVANCE = "gw_advance";
    static final String CURSOR = "gw_cursor";
    static final String ROUTE_ADD = "gw_route_add";
    static final String ROUTE_REMOVE = "gw_route_remove";
    static final String ROUTE_DROP_NODE = "gw_route_drop_node";

    private static final String SOURCE = read();

    private RedisFunctions() {}

    /** Loads (or replaces) the library; on Redis Cluster, on every master. */
    static void load(UnifiedJedis client) {
        if (client instanceof RedisClusterClient cluster) {
            cluster.broadcastCommand(new CommandObjects(RedisProtocol.RESP2).functionLoadReplace(SOURCE));
        } else {
            client.functionLoadReplace(SOURCE);
        }
    }

    /** Whether Redis answered that our functions are not there (it restarted without its data, say). */
    static boolean missing(JedisDataException e) {
        return e.getMessage() != null && e.getMessage().contains("Function not found");
    }

    private static String read() {
        try (InputStream in = RedisFunctions.class.getResourceAsStream("gatewise.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
