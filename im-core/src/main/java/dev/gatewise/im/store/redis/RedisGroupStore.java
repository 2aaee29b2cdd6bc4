package dev.gatewise.im.store.redis;

import dev.gatewise.im.store.Group;
import dev.gatewise.im.store.GroupRole;
import dev.gatewise.im.store.GroupStore;
import dev.gatewise.im.store.StoredJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import redis.clients.jedis.Response;

/** A group is a JSON string and a hash of member → role; each user has a set of their groups. */
final class RedisGroupStore implements GroupStore {
    private final Redis redis;

    RedisGroupStore(Redis redis) {
        this.redis = redis;
    }

    @Override
    public void create(Group group, Map<String, GroupRole> members) {
        String json = new String(StoredJson.write(group), StandardCharsets.UTF_8);
        redis.run(j -> j.set(RedisKeys.group(group.id()), json));
        putMembers(group.id(), members);
    }

    @Override
    public Optional<Group> find(String groupId) {
        return Optional.ofNullable(redis.call(j -> j.get(RedisKeys.group(groupId))))
                .map(json -> StoredJson.read(json.getBytes(StandardCharsets.UTF_8), Group.class));
    }

    @Override
    public Map<String, GroupRole> members(String groupId) {
        Map<String, String> stored = redis.call(j -> j.hgetAll(RedisKeys.groupMembers(groupId)));
        var sorted = new TreeMap<String, String>(stored);
        var result = new LinkedHashMap<String, GroupRole>();
        sorted.forEach((user, role) -> result.put(user, GroupRole.valueOf(role)));
        return result;
    }

    @Override
    public Optional<GroupRole> role(String groupId, String user) {
        return Optional.ofNullable(redis.call(j -> j.hget(RedisKeys.groupMembers(groupId), user)))
                .map(GroupRole::valueOf);
    }

    @Override
    public void putMembers(String groupId, Map<String, GroupRole> members) {
        redis.pipelined(p -> {
            var responses = new ArrayList<Response<Long>>();
            members.forEach((user, role) -> {
                responses.add(p.hset(RedisKeys.groupMembers(groupId), user, role.name()));
                responses.add(p.sadd(RedisKeys.memberships(user), groupId));
            });
            return responses;
        });
    }

    @Override
    public void removeMembers(String groupId, Collection<String> users) {
        redis.pipelined(p -> {
            var responses = new ArrayList<Response<Long>>();
            users.forEach(user -> {
                responses.add(p.hdel(RedisKeys.groupMembers(groupId), user));
                responses.add(p.srem(RedisKeys.memberships(user), groupId));
            });
            return responses;
        });
    }

    @Override
    public List<String> groupsOf(String user) {
        var groups = new ArrayList<>(redis.call(j -> j.smembers(RedisKeys.memberships(user))));
        groups.sort(null);
        return groups;
    }
}
