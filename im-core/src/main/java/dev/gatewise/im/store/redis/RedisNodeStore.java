package dev.gatewise.im.store.redis;

import dev.gatewise.im.store.NodeInfo;
import dev.gatewise.im.store.NodeStore;
import dev.gatewise.im.store.StoredJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.params.SetParams;

/**
 * The node table: one hash of node → its last report. A node is live while its report is younger
 * than the TTL (node clocks are assumed to agree within a second or two, as NTP keeps them). Any node
 * may reap a dead one; a short lock makes sure only one does.
 */
final class RedisNodeStore implements NodeStore {
    /** Users per call when dropping a dead node's routes, so no call holds Redis for long. */
    private static final int REAP_CHUNK = 200;

    private final Redis redis;
    private volatile Set<String> cachedLive = Set.of();
    private volatile long cachedAt;
    private final long cacheMillis;

    RedisNodeStore(Redis redis, Duration liveCache) {
        this.redis = redis;
        this.cacheMillis = liveCache.toMillis();
    }

    @Override
    public void heartbeat(NodeInfo info) {
        String json = new String(StoredJson.write(info), StandardCharsets.UTF_8);
        redis.run(j -> j.hset(RedisKeys.nodes(), info.node(), json));
    }

    @Override
    public List<NodeInfo> live(Duration ttl) {
        long since = System.currentTimeMillis() - ttl.toMillis();
        return all().stream().filter(node -> node.heartbeatAt() >= since).toList();
    }

    /** Names of the live nodes, re-read at most once per cache period (every message's fan-out asks). */
    Set<String> liveNames(Duration ttl) {
        long now = System.currentTimeMillis();
        if (now - cachedAt > cacheMillis) {
            var names = new HashSet<String>();
            live(ttl).forEach(node -> names.add(node.node()));
            cachedLive = Set.copyOf(names);
            cachedAt = now;
        }
        return cachedLive;
    }

    private List<NodeInfo> all() {
        return redis.call(j -> j.hgetAll(RedisKeys.nodes())).values().stream()
                .map(json -> StoredJson.read(json.getBytes(StandardCharsets.UTF_8), NodeInfo.class)).toList();
    }

    @Override
    public Set<String> reapDead(Duration ttl) {
        long since = System.currentTimeMillis() - ttl.toMillis();
        var offline = new HashSet<String>();
        for (NodeInfo node : all()) {
            if (node.heartbeatAt() >= since) {
                continue;
            }
            String name = node.node();
            boolean claimed = redis.call(j -> j.set(RedisKeys.reapLock(name), "1",
                    SetParams.setParams().nx().px(ttl.toMillis() * 3))) != null;
            if (!claimed) {
                continue;
            }
            var users = new ArrayList<>(redis.call(j -> j.smembers(RedisKeys.nodeUsers(name))));
            for (int from = 0; from < users.size(); from += REAP_CHUNK) {
                var args = new ArrayList<String>();
                args.add(name);
                args.addAll(users.subList(from, Math.min(users.size(), from + REAP_CHUNK)));
                Object gone = redis.call(j -> j.fcall(RedisFunctions.ROUTE_DROP_NODE, List.of(RedisKeys.routes()), args));
                ((List<?>) gone).forEach(user -> offline.add((String) user));
            }
            redis.run(j -> j.del(RedisKeys.nodeUsers(name)));
            redis.run(j -> j.hdel(RedisKeys.nodes(), name));
        }
        return offline;
    }

    @Override
    public void leave(String node) {
        redis.run(j -> j.hdel(RedisKeys.nodes(), node));
    }
}
