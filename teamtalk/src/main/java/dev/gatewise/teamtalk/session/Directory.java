package dev.gatewise.teamtalk.session;

import dev.gatewise.im.message.ConversationId;
import dev.gatewise.teamtalk.ids.NumericIds;
import dev.gatewise.teamtalk.proto.Base;
import dev.gatewise.teamtalk.proto.Base.SessionType;
import java.util.Optional;

/**
 * TeamTalk's numbers for the engine's names: users and groups by {@link NumericIds}; a message by its sequence number
 * in its conversation (TeamTalk numbers messages per session too); a session is a peer's user id or a group id.
 */
public final class Directory {
    private final NumericIds users;
    private final NumericIds groups;

    public Directory(NumericIds users, NumericIds groups) {
        this.users = users;
        this.groups = groups;
    }

    public int userId(String user) {
        return (int) users.numberOf(user);
    }

    public Optional<String> user(long userId) {
        return users.nameOf(userId);
    }

    public int groupId(String group) {
        return (int) groups.numberOf(group);
    }

    public Optional<String> group(long groupId) {
        return groups.nameOf(groupId);
    }

    /** The conversation a client means by a session, from {@code viewer}'s side; empty for an unknown id. */
    public Optional<ConversationId> conversation(String viewer, SessionType type, long sessionId) {
        return type == SessionType.SESSION_TYPE_GROUP
                ? group(sessionId).map(ConversationId::group)
                : user(sessionId).map(peer -> ConversationId.direct(viewer, peer));
    }

    /** The session id {@code viewer} knows a conversation by: the other user's id, or the group's. */
    public int sessionId(String viewer, ConversationId conversation) {
        return conversation.isDirect() ? userId(conversation.peerOf(viewer)) : groupId(conversation.group());
    }

    public static SessionType sessionType(ConversationId conversation) {
        return conversation.isDirect() ? SessionType.SESSION_TYPE_SINGLE : SessionType.SESSION_TYPE_GROUP;
    }

    public static Base.MsgType textType(ConversationId conversation) {
        return conversation.isDirect() ? Base.MsgType.MSG_TYPE_SINGLE_TEXT : Base.MsgType.MSG_TYPE_GROUP_TEXT;
    }

    /** TeamTalk's user card for a name: the name everywhere a name goes, the rest empty. */
    public Base.UserInfo userInfo(String user) {
        return Base.UserInfo.newBuilder()
                .setUserId(userId(user))
                .setUserGender(0)
                .setUserNickName(user)
                .setAvatarUrl("")
                .setDepartmentId(0)
                .setEmail("")
                .setUserRealName(user)
                .setUserTel("")
                .setUserDomain(user)
                .setStatus(0)
                .build();
    }
}
