package dev.gatewise.im.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Groups and their members. Blocking. */
public interface GroupStore {
    void create(Group group, Map<String, GroupRole> members);

    Optional<Group> find(String groupId);

    /** Member name to role, in name order. */
    Map<String, GroupRole> members(String groupId);

    Optional<GroupRole> role(String groupId, String user);

    /** Adds members or changes their roles. */
    void putMembers(String groupId, Map<String, GroupRole> members);

    void removeMembers(String groupId, Collection<String> users);

    /** Ids of the groups {@code user} belongs to. */
    List<String> groupsOf(String user);
}
