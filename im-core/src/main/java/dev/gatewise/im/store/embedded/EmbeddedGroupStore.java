package dev.gatewise.im.store.embedded;

import dev.gatewise.im.store.Group;
import dev.gatewise.im.store.GroupRole;
import dev.gatewise.im.store.GroupStore;
import dev.gatewise.im.store.StoredJson;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Groups, their members (group, user → role) and the reverse index (user, group). */
final class EmbeddedGroupStore implements GroupStore {
    private static final byte[] PRESENT = new byte[0];

    private final LogMap groups;
    private final LogMap members;
    private final LogMap memberships;

    EmbeddedGroupStore(LogMap groups, LogMap members, LogMap memberships) {
        this.groups = groups;
        this.members = members;
        this.memberships = memberships;
    }

    @Override
    public void create(Group group, Map<String, GroupRole> initialMembers) {
        long written = groups.change(group.id(), current -> StoredJson.write(group));
        putMembers(group.id(), initialMembers);
        groups.await(written);
    }

    @Override
    public Optional<Group> find(String groupId) {
        return Optional.ofNullable(groups.get(groupId)).map(bytes -> StoredJson.read(bytes, Group.class));
    }

    @Override
    public Map<String, GroupRole> members(String groupId) {
        var result = new LinkedHashMap<String, GroupRole>();
        String prefix = groupId + Keys.SEPARATOR;
        members.scan(prefix, prefix, Integer.MAX_VALUE).forEach(entry -> result.put(Keys.last(entry.getKey()),
                GroupRole.valueOf(new String(entry.getValue(), StandardCharsets.US_ASCII))));
        return result;
    }

    @Override
    public Optional<GroupRole> role(String groupId, String user) {
        return Optional.ofNullable(members.get(Keys.of(groupId, user)))
                .map(bytes -> GroupRole.valueOf(new String(bytes, StandardCharsets.US_ASCII)));
    }

    @Override
    public void putMembers(String groupId, Map<String, GroupRole> changes) {
        long last = -1;
        for (Map.Entry<String, GroupRole> change : changes.entrySet()) {
            byte[] role = change.getValue().name().getBytes(StandardCharsets.US_ASCII);
            members.change(Keys.of(groupId, change.getKey()), current -> role);
            last = Math.max(last, memberships.change(Keys.of(change.getKey(), groupId), current -> PRESENT));
        }
        memberships.await(last);
    }

    @Override
    public void removeMembers(String groupId, Collection<String> users) {
        long last = -1;
        for (String user : users) {
            last = Math.max(last, members.change(Keys.of(groupId, user), current -> null));
            last = Math.max(last, memberships.change(Keys.of(user, groupId), current -> null));
        }
        members.await(last);
    }

    @Override
    public List<String> groupsOf(String user) {
        return Keys.lastParts(memberships, user);
    }
}
