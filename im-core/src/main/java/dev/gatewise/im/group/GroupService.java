package dev.gatewise.im.group;

import dev.gatewise.access.UserNames;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewise.im.account.AccountService;
import dev.gatewise.im.delivery.MessagingService;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.protocol.ProtocolException;
import dev.gatewise.im.store.Group;
import dev.gatewise.im.store.GroupRole;
import dev.gatewise.im.store.GroupStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups: the owner and admins add and remove members, the owner names admins, anyone may leave.
 * Every change is also a {@code system} message in the group's conversation, so members who were
 * offline learn of it by sync like any other message. Answers are plain records (a protocol's transport turns
 * them into its frames); refusals are {@link ProtocolException}s without a request id, which the transport adds.
 */
public final class GroupService {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final GroupStore groups;
    private final AccountService accounts;
    private final MessagingService messaging;
    private final int maxMembers;

    public GroupService(GroupStore groups, AccountService accounts, MessagingService messaging, int maxMembers) {
        this.groups = groups;
        this.accounts = accounts;
        this.messaging = messaging;
        this.maxMembers = maxMembers;
    }

    public GroupDetail create(String owner, String name, List<String> invited) {
        List<String> members = existingUsers(invited);
        var roles = new LinkedHashMap<String, GroupRole>();
        members.forEach(member -> roles.put(member, GroupRole.MEMBER));
        roles.put(owner, GroupRole.OWNER);
        checkSize(roles.size());
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        var group = new Group(HexFormat.of().formatHex(id), name, owner, System.currentTimeMillis());
        groups.create(group, roles);
        announce(group, owner, "group_created", List.copyOf(roles.keySet()), List.of());
        return detail(group);
    }

    public GroupDetail add(String actor, String groupId, List<String> invited) {
        Group group = managed(actor, groupId);
        var current = groups.members(groupId);
        var added = new LinkedHashMap<String, GroupRole>();
        for (String user : existingUsers(invited)) {
            if (!current.containsKey(user)) {
                added.put(user, GroupRole.MEMBER);
            }
        }
        checkSize(current.size() + added.size());
        if (!added.isEmpty()) {
            groups.putMembers(groupId, added);
            announce(group, actor, "members_added", List.copyOf(added.keySet()), List.of());
        }
        return detail(group);
    }

    public GroupDetail remove(String actor, String groupId, List<String> users) {
        Group group = managed(actor, groupId);
        var current = groups.members(groupId);
        GroupRole actorRole = current.get(actor);
        var removed = new ArrayList<String>();
        for (String user : users.stream().map(UserNames::normalize).toList()) {
            GroupRole role = current.get(user);
            if (role == null) {
                continue;
            }
            if (role == GroupRole.OWNER || (role == GroupRole.ADMIN && actorRole != GroupRole.OWNER)) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "you cannot remove " + user + " (" + role.wireName()
                        + ")");
            }
            removed.add(user);
        }
        if (!removed.isEmpty()) {
            groups.removeMembers(groupId, removed);
            announce(group, actor, "members_removed", removed, removed);
        }
        return detail(group);
    }

    /** The user leaves; an owner hands the group to an admin, or else to the first member by name. */
    public void leave(String user, String groupId) {
        Group group = find(groupId);
        var members = groups.members(groupId);
        GroupRole role = members.get(user);
        if (role == null) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "you are not a member of group " + groupId);
        }
        groups.removeMembers(groupId, List.of(user));
        members.remove(user);
        if (role == GroupRole.OWNER && !members.isEmpty()) {
            String heir = members.entrySet().stream().filter(e -> e.getValue() == GroupRole.ADMIN)
                    .map(Map.Entry::getKey).findFirst().orElse(members.keySet().iterator().next());
            groups.putMembers(groupId, Map.of(heir, GroupRole.OWNER));
        }
        announce(group, user, "member_left", List.of(user), List.of(user));
    }

    public GroupDetail setRole(String actor, String groupId, String user,
                                           GroupRole role) {
        Group group = find(groupId);
        if (groups.role(groupId, actor).orElse(null) != GroupRole.OWNER) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "only the owner changes roles");
        }
        String member = UserNames.normalize(user);
        GroupRole current = groups.role(groupId, member).orElseThrow(() ->
                new ProtocolException(ErrorCode.NOT_FOUND, member + " is not a member"));
        if (current == GroupRole.OWNER) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "the owner's role cannot change");
        }
        if (current != role) {
            groups.putMembers(groupId, Map.of(member, role));
            announce(group, actor, role == GroupRole.ADMIN ? "admin_added" : "admin_removed", List.of(member),
                    List.of());
        }
        return detail(group);
    }

    /** The groups {@code user} belongs to. */
    public List<GroupSummary> list(String user) {
        var summaries = new ArrayList<GroupSummary>();
        for (String groupId : groups.groupsOf(user)) {
            groups.find(groupId).ifPresent(group -> {
                var members = groups.members(groupId);
                GroupRole role = members.get(user);
                if (role != null) {
                    summaries.add(new GroupSummary(groupId, group.name(), role.wireName(),
                            members.size()));
                }
            });
        }
        return summaries;
    }

    public GroupDetail info(String user, String groupId) {
        Group group = find(groupId);
        if (groups.role(groupId, user).isEmpty()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "you are not a member of group " + groupId);
        }
        return detail(group);
    }

    private Group find(String groupId) {
        return groups.find(groupId).orElseThrow(() ->
                new ProtocolException(ErrorCode.NOT_FOUND, "no group '" + groupId + "'"));
    }

    private Group managed(String actor, String groupId) {
        Group group = find(groupId);
        if (!groups.role(groupId, actor).map(GroupRole::canManage).orElse(false)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "only the owner and admins manage members");
        }
        return group;
    }

    private List<String> existingUsers(List<String> users) {
        var result = new ArrayList<String>();
        for (String user : users) {
            String name = UserNames.normalize(user);
            if (!accounts.exists(name)) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "no user '" + user + "'");
            }
            result.add(name);
        }
        return result;
    }

    private void checkSize(int size) {
        if (size > maxMembers) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "a group has at most " + maxMembers + " members");
        }
    }

    /** Writes the change into the conversation; users no longer in the group are told directly. */
    private void announce(Group group, String actor, String event, List<String> users, List<String> departed) {
        ObjectNode content = FrameJson.MAPPER.createObjectNode();
        content.put("event", event);
        content.put("by", actor);
        content.put("name", group.name());
        content.set("users", FrameJson.MAPPER.valueToTree(users));
        messaging.post(ConversationId.group(group.id()), actor, "system", content, departed);
    }

    private GroupDetail detail(Group group) {
        var members = new LinkedHashMap<String, String>();
        groups.members(group.id()).forEach((user, role) -> members.put(user, role.wireName()));
        String owner = members.entrySet().stream().filter(e -> e.getValue().equals("owner")).map(Map.Entry::getKey)
                .findFirst().orElse(group.owner());
        return new GroupDetail(group.id(), group.name(), owner, group.createdAt(), members);
    }
}
