package dev.gatewise.im.store.redis;

import dev.gatewise.im.store.AccountStore;
import dev.gatewise.im.store.AttemptCounters;
import dev.gatewise.im.store.CursorStore;
import dev.gatewise.im.store.GroupStore;
import dev.gatewise.im.store.MessageStore;
import dev.gatewise.im.store.RouteStore;
import dev.gatewise.im.store.StoreSet;
import dev.gatewise.im.store.TokenStore;
import dev.gatewise.im.store.ChatStores;
import dev.gatewise.im.store.KeyValueStore;
import dev.gatewise.im.store.NodeBus;
import dev.gatewise.im.store.NodeStore;
import dev.gatewise.im.store.StoreUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Collectors;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The stores of a cluster, shared by every node in Redis (through Jedis). The URI chooses the
 * deployment: {@code redis://[:password@]host:port[/db]} (or {@code rediss://}) for one server,
 * {@code redis-sentinel://[:password@]host:port,host:port/MASTER} for Sentinel, and
 * {@code redis-cluster://[:password@]host:port,host:port} for Redis Cluster.
 */
public final class RedisStores implements ChatStores {
    private static final Logger log = LoggerFactory.getLogger(RedisStores.class);

    private final UnifiedJedis client;
    private final Redis redis;
    private final CommandBatcher batcher;
    private final ExecutorService clusterSync;
    private final AccountStore accounts;
    private final TokenStore tokens;
    private final MessageStore messages;
    private final CursorStore cursors;
    private final GroupStore groups;
    private final RedisNodeStore nodes;
    private final RouteStore routes;
    private final RedisNodeBus bus;
    private final StoreSet parts;
    private final AttemptCounters attempts;

    /**
     * @param nodeTtl how long a silent node counts as live (its routes still count)
     * @param poolSize connections to keep (store calls come from the worker threads)
     */
    public RedisStores(String uri, Duration nodeTtl, int poolSize) {
        this(uri, nodeTtl, poolSize, 0, Duration.ZERO);
    }

    /**
     * @param waitReplicas when above 0, a message is acknowledged only once that many replicas have it
     *                     (Redis WAIT, within {@code waitTimeout}); otherwise the sender is told to retry
     */
    public RedisStores(String uri, Duration nodeTtl, int poolSize, int waitReplicas, Duration waitTimeout) {
        this.client = connect(uri, poolSize);
        this.redis = new Redis(client);
        boolean cluster = client instanceof RedisClusterClient;
        // A cluster pipeline answers from several servers at once; its threads are kept, not made per flush.
        this.clusterSync = cluster ? Executors.newFixedThreadPool(3, daemon("redis-cluster-sync")) : null;
        this.batcher = new CommandBatcher(cluster ? () -> ((RedisClusterClient) client).pipelined(clusterSync)
                : client::pipelined, redis, new CommandBatcher.ReplicaAck(waitReplicas, waitTimeout), cluster);
        loadFunctionsIfUp();
        this.accounts = new RedisAccountStore(redis);
        this.tokens = new RedisTokenStore(redis);
        this.messages = new RedisMessageStore(redis, batcher);
        this.cursors = new RedisCursorStore(redis);
        this.groups = new RedisGroupStore(redis);
        this.nodes = new RedisNodeStore(redis, Duration.ofSeconds(1));
        this.routes = new RedisRouteStore(redis, batcher, nodes, nodeTtl);
        this.bus = new RedisNodeBus(batcher, subscriber(uri, client));
        this.attempts = new RedisAttemptCounters(redis);
        this.parts = new StoreSet(accounts, tokens, messages, cursors, groups, routes, nodes, bus, attempts);
        log.info("Redis store at {}{}", redact(uri), waitReplicas > 0
                ? " (messages acknowledged once " + waitReplicas + " replicas have them)" : "");
    }

    /** A Redis that is down now gets the functions when it first answers that they are missing. */
    private void loadFunctionsIfUp() {
        try {
            redis.loadFunctions();
        } catch (StoreUnavailableException e) {
            log.warn("Could not load the Redis functions yet ({}); they are loaded when Redis is back", e.getMessage());
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            var thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static UnifiedJedis connect(String uri, int poolSize) {
        var pool = new GenericObjectPoolConfig<Connection>();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        URI parsed = URI.create(uri);
        String scheme = parsed.getScheme();
        if ("redis".equals(scheme) || "rediss".equals(scheme)) {
            return RedisClient.builder().fromURI(uri).poolConfig(pool).build();
        }
        // host:port lists are not URI authorities, so take them apart by hand.
        String rest = uri.substring(scheme.length() + 3);
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            password = userInfo.substring(userInfo.indexOf(':') + 1);
            rest = rest.substring(at + 1);
        }
        String hosts = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        Set<HostAndPort> nodes = Arrays.stream(hosts.split(",")).map(HostAndPort::from).collect(Collectors.toSet());
        JedisClientConfig config = DefaultJedisClientConfig.builder().password(password).build();
        return switch (scheme) {
            case "redis-sentinel" -> RedisSentinelClient.builder()
                    .masterName(rest.substring(rest.indexOf('/') + 1))
                    .sentinels(nodes)
                    .clientConfig(config)
                    .poolConfig(pool)
                    .build();
            // Pipelines go by the client's slot map and do not follow MOVED: re-read the map every few
            // seconds, so after a failover or resharding the batched commands find their slots again.
            case "redis-cluster" -> RedisClusterClient.builder().nodes(nodes).clientConfig(config).poolConfig(pool)
                    .topologyRefreshPeriod(Duration.ofSeconds(5)).build();
            default -> throw new IllegalArgumentException("unsupported Redis URI scheme '" + scheme
                    + "': use redis://, rediss://, redis-sentinel:// or redis-cluster://");
        };
    }

    /**
     * A single server's subscription gets a connection of its own, so it never shares the fate of
     * pooled connections; Sentinel and Cluster clients manage theirs.
     */
    private static RedisNodeBus.Subscriber subscriber(String uri, UnifiedJedis client) {
        if (client instanceof RedisClient) {
            URI parsed = URI.create(uri);
            return (pubSub, channels) -> {
                try (var jedis = new Jedis(parsed)) {
                    jedis.subscribe(pubSub, channels);
                }
            };
        }
        return client::subscribe;
    }

    private static String redact(String uri) {
        return uri.replaceAll("//[^@/]*@", "//***@");
    }

    @Override
    public StoreSet parts() {
        return parts;
    }

    @Override
    public KeyValueStore keyValue(String namespace) {
        return new RedisKeyValueStore(redis, namespace);
    }

    @Override
    public void close() {
        bus.close();
        batcher.close();
        if (clusterSync != null) {
            clusterSync.shutdown();
        }
        client.close();
    }
}
