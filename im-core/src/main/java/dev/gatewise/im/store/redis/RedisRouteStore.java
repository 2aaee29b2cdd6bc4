package dev.gatewise.im.store.redis;

import dev.gatewise.im.store.RouteStore;
import dev.gatewise.im.store.StoreUnavailableException;
import dev.gatewise.im.store.StoredJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;

/**
 * Every user's routes (device → node) are one field of one hash, so one HMGET finds the routes of
 * all the recipients of a batch of messages; each node also keeps the set of users it routes, so the
 * node that reaps a dead one knows whose routes to drop. Routes on dead nodes never count, even
 * before they are reaped.
 */
final class RedisRouteStore implements RouteStore {
    private static final int PARSED = 20_000;

    private final Redis redis;
    private final CommandBatcher batcher;
    private final RedisNodeStore nodes;
    private final Duration nodeTtl;
    /** Routes as read, parsed: most lookups find the same few hundred bytes as the last time. */
    private final RecentMap<String, Set<String>> parsed = new RecentMap<>(PARSED);
    private final Object lock = new Object();
    /** The lookups waiting for the next flush, all answered by one HMGET. */
    private Lookups open;

    RedisRouteStore(Redis redis, CommandBatcher batcher, RedisNodeStore nodes, Duration nodeTtl) {
        this.redis = redis;
        this.batcher = batcher;
        this.nodes = nodes;
        this.nodeTtl = nodeTtl;
    }

    @Override
    public void register(String user, String device, String node) {
        redis.pipelined(p -> List.of(
                p.fcall(RedisFunctions.ROUTE_ADD, List.of(RedisKeys.routes()), List.of(user, device, node)),
                p.sadd(RedisKeys.nodeUsers(node), user)));
    }

    @Override
    public void unregister(String user, String device, String node) {
        redis.run(j -> j.fcall(RedisFunctions.ROUTE_REMOVE, List.of(RedisKeys.routes()), List.of(user, device, node)));
    }

    @Override
    public Set<String> online(Collection<String> users) {
        return nodesOf(users).keySet();
    }

    @Override
    public Map<String, Set<String>> nodesOf(Collection<String> users) {
        if (users.isEmpty()) {
            return Map.of();
        }
        var userList = List.copyOf(users);
        List<String> routes = redis.call(j -> j.hmget(RedisKeys.routes(), userList.toArray(String[]::new)));
        return live(userList, routes, nodes.liveNames(nodeTtl));
    }

    @Override
    public CompletableFuture<Map<String, Set<String>>> nodesOfLater(Collection<String> users) {
        if (users.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        // Read on the caller's thread: the live-node table is cached, and refreshing it blocks.
        Set<String> live = nodes.liveNames(nodeTtl);
        var userList = List.copyOf(users);
        CompletableFuture<List<String>> routes;
        synchronized (lock) {
            if (open == null) {
                open = new Lookups();
                batcher.submit(open);
            }
            routes = open.add(userList);
        }
        return routes.thenApply(found -> live(userList, found, live));
    }

    private Map<String, Set<String>> live(List<String> users, List<String> routes, Set<String> live) {
        var result = new HashMap<String, Set<String>>();
        for (int i = 0; i < users.size(); i++) {
            String json = routes.get(i);
            if (json == null) {
                continue;
            }
            var userNodes = new HashSet<>(nodes(json));
            userNodes.retainAll(live);
            if (!userNodes.isEmpty()) {
                result.put(users.get(i), userNodes);
            }
        }
        return result;
    }

    /** The nodes a user's routes (device → node, as JSON) name. */
    private Set<String> nodes(String json) {
        Set<String> found = parsed.get(json);
        if (found == null) {
            var names = new HashSet<String>();
            StoredJson.read(json.getBytes(StandardCharsets.UTF_8), Map.class).values()
                    .forEach(node -> names.add((String) node));
            found = Set.copyOf(names);
            parsed.putIfAbsent(json, found);
        }
        return found;
    }

    /** Route lookups that share one HMGET: those queued until the flush that sends it. */
    private final class Lookups implements CommandBatcher.PlainOp {
        private final Map<String, Integer> fields = new LinkedHashMap<>();
        private final List<Map.Entry<List<String>, CompletableFuture<List<String>>>> waiting = new ArrayList<>();
        private Response<List<String>> reply;

        /** Under the store's lock, before the flush takes it. */
        CompletableFuture<List<String>> add(List<String> users) {
            users.forEach(user -> fields.putIfAbsent(user, fields.size()));
            var future = new CompletableFuture<List<String>>();
            waiting.add(Map.entry(users, future));
            return future;
        }

        @Override
        public void enqueue(AbstractPipeline pipeline) {
            synchronized (lock) {
                if (open == this) {
                    open = null;
                }
            }
            reply = pipeline.hmget(RedisKeys.routes(), fields.keySet().toArray(String[]::new));
        }

        @Override
        public void complete() {
            List<String> values = reply.get();
            for (var lookup : waiting) {
                lookup.getValue().complete(lookup.getKey().stream().map(user -> values.get(fields.get(user))).toList());
            }
        }

        @Override
        public void fail(StoreUnavailableException e) {
            synchronized (lock) {
                if (open == this) {
                    open = null;
                }
            }
            waiting.forEach(lookup -> lookup.getValue().completeExceptionally(e));
        }
    }
}
