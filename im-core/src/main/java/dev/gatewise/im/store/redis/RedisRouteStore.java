package dev.gatewise.im.store.redis;

import dev.gatewise.im.presence.RouteStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.Response;

/**
 * Each user's routes are a hash of device → node; each node keeps the set of users it routes, so the
 * node that reaps a dead one knows whose routes to drop. Routes on dead nodes never count, even
 * before they are reaped.
 */
final class RedisRouteStore implements RouteStore {
    /** Drops the device's route only if it still points at this node (the device may have moved on). */
    private static final String UNREGISTER = """
            if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
              redis.call('HDEL', KEYS[1], ARGV[1])
            end
            return 0
            """;

    private final Redis redis;
    private final RedisNodeStore nodes;
    private final Duration nodeTtl;

    RedisRouteStore(Redis redis, RedisNodeStore nodes, Duration nodeTtl) {
        this.redis = redis;
        this.nodes = nodes;
        this.nodeTtl = nodeTtl;
    }

    @Override
    public void register(String user, String device, String node) {
        redis.pipelined(p -> {
            p.hset(RedisKeys.routes(user), device, node);
            p.sadd(RedisKeys.nodeUsers(node), user);
        });
    }

    @Override
    public void unregister(String user, String device, String node) {
        redis.run(j -> j.eval(UNREGISTER, List.of(RedisKeys.routes(user)), List.of(device, node)));
    }

    @Override
    public Set<String> online(Collection<String> users) {
        return nodesOf(users).keySet();
    }

    @Override
    public Map<String, Set<String>> nodesOf(Collection<String> users) {
        var userList = new ArrayList<>(users);
        List<Response<Map<String, String>>> replies = new ArrayList<>(userList.size());
        redis.pipelined(p -> userList.forEach(user -> replies.add(p.hgetAll(RedisKeys.routes(user)))));
        Set<String> live = nodes.liveNames(nodeTtl);
        var result = new HashMap<String, Set<String>>();
        for (int i = 0; i < userList.size(); i++) {
            var userNodes = new HashSet<>(replies.get(i).get().values());
            userNodes.retainAll(live);
            if (!userNodes.isEmpty()) {
                result.put(userList.get(i), userNodes);
            }
        }
        return result;
    }
}
