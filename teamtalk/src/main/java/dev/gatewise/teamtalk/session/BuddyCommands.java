package dev.gatewise.teamtalk.session;

import dev.gatewise.im.message.ConversationSummary;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.gatewise.im.ChatServices;
import dev.gatewise.im.protocol.ProtocolException;
import dev.gatewise.im.session.Connection;
import dev.gatewise.teamtalk.proto.Base;
import dev.gatewise.teamtalk.proto.Buddy;
import dev.gatewise.teamtalk.wire.Command;
import dev.gatewise.teamtalk.wire.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Service 2: the directory of users (TeamTalk's contact list), user cards, presence, recent sessions. */
final class BuddyCommands {
    private static final Logger log = LoggerFactory.getLogger(BuddyCommands.class);

    private final ChatServices chat;
    private final Directory directory;
    private final Conversations conversations;
    private final int maxContacts;
    private final int maxSessions;

    BuddyCommands(ChatServices chat, Directory directory, Conversations conversations, int maxContacts,
                  int maxSessions) {
        this.chat = chat;
        this.directory = directory;
        this.conversations = conversations;
        this.maxContacts = maxContacts;
        this.maxSessions = maxSessions;
    }

    void register(Map<Command, CommandHandler> table) {
        table.put(Command.ALL_USER_REQ, this::allUsers);
        table.put(Command.USER_INFO_REQ, this::userInfo);
        table.put(Command.USERS_STATUS_REQ, this::status);
        table.put(Command.RECENT_SESSION_REQ, this::recent);
    }

    /** Every account (up to the limit): a gateway has no friend lists, everyone can write to everyone. */
    private Packet allUsers(Connection connection, Packet packet, long arrived) throws InvalidProtocolBufferException {
        Buddy.IMAllUserReq.parseFrom(packet.body());
        var answer = Buddy.IMAllUserRsp.newBuilder()
                .setUserId(directory.userId(connection.user()))
                .setLatestUpdateTime(MessageCommands.now());
        for (String user : chat.accounts().search("", maxContacts)) {
            answer.addUserList(directory.userInfo(user));
        }
        return Packet.of(Command.ALL_USER_RES, packet.seq(), answer.build());
    }

    private Packet userInfo(Connection connection, Packet packet, long arrived) throws InvalidProtocolBufferException {
        var request = Buddy.IMUsersInfoReq.parseFrom(packet.body());
        var answer = Buddy.IMUsersInfoRsp.newBuilder().setUserId(directory.userId(connection.user()));
        request.getUserIdListList().stream().limit(maxContacts).forEach(id ->
                directory.user(Integer.toUnsignedLong(id)).ifPresent(user -> answer.addUserInfoList(
                        directory.userInfo(user))));
        return Packet.of(Command.USER_INFO_RES, packet.seq(), answer.build());
    }

    /** Asking also subscribes the connection to changes, which arrive as status notices (0x0203). */
    private Packet status(Connection connection, Packet packet, long arrived) throws InvalidProtocolBufferException {
        var request = Buddy.IMUsersStatReq.parseFrom(packet.body());
        var answer = Buddy.IMUsersStatRsp.newBuilder().setUserId(directory.userId(connection.user()));
        List<String> users = new ArrayList<>();
        request.getUserIdListList().forEach(id -> directory.user(Integer.toUnsignedLong(id)).ifPresent(users::add));
        try {
            chat.presence().watch(connection, users).forEach((user, status) -> answer.addUserStatList(
                    Base.UserStat.newBuilder().setUserId(directory.userId(user)).setStatus(status(status))));
        } catch (ProtocolException e) {
            log.info("Presence refused to {}: {}", connection, e.getMessage());
        }
        return Packet.of(Command.USERS_STATUS_RES, packet.seq(), answer.build());
    }

    static Base.UserStatType status(String status) {
        return status.equals("online") ? Base.UserStatType.USER_STATUS_ONLINE : Base.UserStatType.USER_STATUS_OFFLINE;
    }

    /** Sessions updated after {@code latest_update_time} (all when 0), latest activity first. */
    private Packet recent(Connection connection, Packet packet, long arrived) throws InvalidProtocolBufferException {
        var request = Buddy.IMRecentContactSessionReq.parseFrom(packet.body());
        long since = Integer.toUnsignedLong(request.getLatestUpdateTime());
        var answer = Buddy.IMRecentContactSessionRsp.newBuilder().setUserId(directory.userId(connection.user()));
        for (ConversationSummary summary : chat.conversations().recent(connection.user(), maxSessions)) {
            var contact = conversations.contact(connection.user(), summary);
            if (since == 0 || Integer.toUnsignedLong(contact.getUpdatedTime()) > since) {
                answer.addContactSessionList(contact);
            }
        }
        return Packet.of(Command.RECENT_SESSION_RES, packet.seq(), answer.build());
    }
}
