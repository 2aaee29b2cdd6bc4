package dev.gatewise.im.store.embedded;

import dev.gatewise.im.store.StoredJson;
import dev.gatewise.im.store.Group;
import dev.gatewise.im.store.GroupRole;
import dev.gatewise.im.store.GroupStore;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h2.mvstore.MVMap;

/** Groups, their members (group, user → role) and the reverse index (user, group). */
final class EmbeddedGroupStore implements GroupStore {
    private final MVMap<String, byte[]> groups;
    private final MVMap<String, String> members;
    private final MVMap<String, String> memberships;
    private final GroupCommitter committer;

    EmbeddedGroupStore(MVMap<String, byte[]> groups, MVMap<String, String> members, MVMap<String, String> memberships,
                       GroupCommitter committer) {
        this.groups = groups;
        this.members = members;
        this.memberships = memberships;
        this.committer = committer;
    }

    @Override
    public void create(Group group, Map<String, GroupRole> initialMembers) {
        groups.put(group.id(), StoredJson.write(group));
        putMembers(group.id(), initialMembers);
    }

    @Override
    public Optional<Group> find(String groupId) {
        return Optional.ofNullable(groups.get(groupId)).map(bytes -> StoredJson.read(bytes, Group.class));
    }

    @Override
    public Map<String, GroupRole> members(String groupId) {
        var result = new LinkedHashMap<String, GroupRole>();
        Keys.scan(members, groupId, Integer.MAX_VALUE, (key, role) -> result.put(Keys.last(key), GroupRole.valueOf(role)));
        return result;
    }

    @Override
    public Optional<GroupRole> role(String groupId, String user) {
        return Optional.ofNullable(members.get(Keys.of(groupId, user))).map(GroupRole::valueOf);
    }

    @Override
    public void putMembers(String groupId, Map<String, GroupRole> changes) {
        changes.forEach((user, role) -> {
            members.put(Keys.of(groupId, user), role.name());
            memberships.put(Keys.of(user, groupId), "");
        });
        committer.awaitDurable();
    }

    @Override
    public void removeMembers(String groupId, Collection<String> users) {
        for (String user : users) {
            members.remove(Keys.of(groupId, user));
            memberships.remove(Keys.of(user, groupId));
        }
        committer.awaitDurable();
    }

    @Override
    public List<String> groupsOf(String user) {
        return Keys.scan(memberships, user, Integer.MAX_VALUE, (key, ignored) -> Keys.last(key));
    }
}
