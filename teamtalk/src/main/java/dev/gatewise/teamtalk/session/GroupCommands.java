package dev.gatewise.teamtalk.session;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gatewise.im.ChatServices;
import dev.gatewise.im.protocol.ProtocolException;
import dev.gatewise.im.group.GroupDetail;
import dev.gatewise.im.group.GroupSummary;
import dev.gatewise.im.session.Connection;
import dev.gatewise.teamtalk.proto.Base;
import dev.gatewise.teamtalk.proto.Groups;
import dev.gatewise.teamtalk.wire.Command;
import dev.gatewise.teamtalk.wire.Packet;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Service 4: the user's groups and their cards. */
final class GroupCommands {
    private final ChatServices chat;
    private final Directory directory;

    GroupCommands(ChatServices chat, Directory directory) {
        this.chat = chat;
        this.directory = directory;
    }

    void register(Map<Command, CommandHandler> table) {
        table.put(Command.GROUP_LIST_REQ, this::list);
        table.put(Command.GROUP_INFO_REQ, this::info);
    }

    private Packet list(Connection connection, Packet packet, long arrived) throws InvalidProtocolBufferException {
        Groups.IMNormalGroupListReq.parseFrom(packet.body());
        var answer = Groups.IMNormalGroupListRsp.newBuilder().setUserId(directory.userId(connection.user()));
        for (GroupSummary summary : chat.groups().list(connection.user())) {
            detail(connection, summary.group()).ifPresent(detail -> answer.addGroupVersionList(
                    Base.GroupVersionInfo.newBuilder().setGroupId(directory.groupId(detail.group()))
                            .setVersion(version(detail))));
        }
        return Packet.of(Command.GROUP_LIST_RES, packet.seq(), answer.build());
    }

    private Packet info(Connection connection, Packet packet, long arrived) throws InvalidProtocolBufferException {
        var request = Groups.IMGroupInfoListReq.parseFrom(packet.body());
        var answer = Groups.IMGroupInfoListRsp.newBuilder().setUserId(directory.userId(connection.user()));
        for (Base.GroupVersionInfo asked : request.getGroupVersionListList()) {
            directory.group(Integer.toUnsignedLong(asked.getGroupId()))
                    .flatMap(group -> detail(connection, group))
                    .ifPresent(detail -> answer.addGroupInfoList(card(detail)));
        }
        return Packet.of(Command.GROUP_INFO_RES, packet.seq(), answer.build());
    }

    /** Empty for a group that is gone or that the user is not in (TeamTalk has no refusal here: it is left out). */
    private Optional<GroupDetail> detail(Connection connection, String group) {
        try {
            return Optional.of(chat.groups().info(connection.user(), group));
        } catch (ProtocolException e) {
            return Optional.empty();
        }
    }

    /** Clients refetch a group's card when its version changes: it follows the members and the name. */
    private static int version(GroupDetail detail) {
        return (new TreeSet<>(detail.members().keySet()).hashCode() * 31 + detail.name().hashCode()) & 0x7fff_ffff;
    }

    private Base.GroupInfo card(GroupDetail detail) {
        var card = Base.GroupInfo.newBuilder()
                .setGroupId(directory.groupId(detail.group()))
                .setVersion(version(detail))
                .setGroupName(detail.name())
                .setGroupAvatar("")
                .setGroupCreatorId(directory.userId(detail.owner()))
                .setGroupType(Base.GroupType.GROUP_TYPE_NORMAL)
                .setShieldStatus(0);
        new TreeSet<>(detail.members().keySet()).forEach(member -> card.addGroupMemberList(directory.userId(member)));
        return card.build();
    }
}
