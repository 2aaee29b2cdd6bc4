package dev.gatewise.teamtalk;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.testing.TestServer;
import dev.gatewise.im.testing.WsChatClient;
import dev.gatewise.teamtalk.proto.Base;
import dev.gatewise.teamtalk.proto.Buddy;
import dev.gatewise.teamtalk.proto.Groups;
import dev.gatewise.teamtalk.proto.Login;
import dev.gatewise.teamtalk.proto.Msg;
import dev.gatewise.teamtalk.proto.Other;
import dev.gatewise.teamtalk.testing.TeamTalkClient;
import dev.gatewise.teamtalk.testing.TeamTalkNode;
import dev.gatewise.teamtalk.wire.Command;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TeamTalk devices (over TCP and over WebSocket, on the same port) and JSON clients are the same accounts in the same
 * conversations: login with the password's MD5, contacts, chat both ways, offline messages, read receipts, groups.
 */
class TeamTalkChatTest {
    static TeamTalkNode node;

    @BeforeAll
    static void start() throws Exception {
        node = new TeamTalkNode();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Logs in as a user registered through the JSON API, with the same password. */
    static TeamTalkClient loggedIn(String transport, TestServer.User user) throws Exception {
        return loggedIn(node, transport, user);
    }

    static TeamTalkClient loggedIn(TeamTalkNode on, String transport, TestServer.User user) throws Exception {
        var client = transport.equals("tcp") ? on.tcp() : on.webSocket();
        Login.IMLoginRes res = client.login(user.name(), "secret-pass", Base.ClientType.CLIENT_TYPE_ANDROID);
        assertThat(res.getResultCode()).isEqualTo(Base.ResultType.REFUSE_REASON_NONE);
        assertThat(res.getUserInfo().getUserNickName()).isEqualTo(user.name());
        return client;
    }

    static int userId(TeamTalkClient client, String name) {
        var all = TeamTalkClient.parse(client.request(Command.ALL_USER_REQ, Buddy.IMAllUserReq.newBuilder()
                .setUserId(client.userId()).setLatestUpdateTime(0).build(), Command.ALL_USER_RES),
                Buddy.IMAllUserRsp.parser());
        return all.getUserListList().stream().filter(u -> u.getUserNickName().equals(name)).findFirst()
                .orElseThrow().getUserId();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ws"})
    void loginWithTheApiPasswordAndNothingElse(String transport) throws Exception {
        var alice = node.chat().user("alice");
        try (var good = loggedIn(transport, alice); var bad = connect(transport)) {
            assertThat(good.userId()).isPositive();
            var refused = bad.login(alice.name(), "wrong-pass", Base.ClientType.CLIENT_TYPE_WINDOWS);
            assertThat(refused.getResultCode()).isEqualTo(Base.ResultType.REFUSE_REASON_DB_VALIDATE_FAILED);
            bad.awaitClosed();
            // The heartbeat is answered with its seq; the numbers stay the same on the next login.
            good.request(Command.HEARTBEAT, Other.IMHeartBeat.getDefaultInstance(), Command.HEARTBEAT);
            try (var again = loggedIn(transport, alice)) {
                assertThat(again.userId()).isEqualTo(good.userId());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ws"})
    void chatBothWaysWithAJsonClient(String transport) throws Exception {
        var alice = node.chat().user("alice");
        var bob = node.chat().user("bob");
        try (var tt = loggedIn(transport, alice); WsChatClient json = node.chat().wsAs(bob, "browser")) {
            int bobId = userId(tt, bob.name());
            var info = TeamTalkClient.parse(tt.request(Command.USER_INFO_REQ, Buddy.IMUsersInfoReq.newBuilder()
                    .setUserId(tt.userId()).addUserIdList(bobId).build(), Command.USER_INFO_RES),
                    Buddy.IMUsersInfoRsp.parser());
            assertThat(info.getUserInfoList(0).getUserNickName()).isEqualTo(bob.name());

            Msg.IMMsgDataAck ack = tt.sendText(bobId, false, "hello bob, 你好 😀");
            assertThat(ack.getMsgId()).isEqualTo(1);
            assertThat(ack.getSessionId()).isEqualTo(bobId);
            JsonNode pushed = json.awaitType("push").get("message");
            assertThat(pushed.get("from").asText()).isEqualTo(alice.name());
            assertThat(pushed.get("content").get("text").asText()).isEqualTo("hello bob, 你好 😀");
            assertThat(pushed.get("seq").asLong()).isEqualTo(1);

            json.request("2", frame("send", "to", alice.name(), "clientMsgId", "c2", "content",
                    Map.of("text", "hi alice")));
            Msg.IMMsgData data = tt.awaitPush(Command.MSG_DATA, Msg.IMMsgData.parser());
            assertThat(data.getFromUserId()).isEqualTo(bobId);
            assertThat(data.getToSessionId()).isEqualTo(tt.userId());
            assertThat(data.getMsgId()).isEqualTo(2);
            assertThat(data.getMsgType()).isEqualTo(Base.MsgType.MSG_TYPE_SINGLE_TEXT);
            assertThat(TeamTalkClient.text(data.getMsgData())).isEqualTo("hi alice");

            var recent = TeamTalkClient.parse(tt.request(Command.RECENT_SESSION_REQ,
                    Buddy.IMRecentContactSessionReq.newBuilder().setUserId(tt.userId()).setLatestUpdateTime(0).build(),
                    Command.RECENT_SESSION_RES), Buddy.IMRecentContactSessionRsp.parser());
            assertThat(recent.getContactSessionListList()).singleElement().satisfies(session -> {
                assertThat(session.getSessionId()).isEqualTo(bobId);
                assertThat(session.getLatestMsgId()).isEqualTo(2);
                assertThat(TeamTalkClient.text(session.getLatestMsgData())).isEqualTo("hi alice");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ws"})
    void offlineMessagesCountedFetchedAndReadBack(String transport) throws Exception {
        var bob = node.chat().user("bob");
        var carol = node.chat().user("carol");
        try (WsChatClient json = node.chat().wsAs(bob, "browser")) {
            for (int i = 1; i <= 3; i++) {
                json.request("s" + i, frame("send", "to", carol.name(), "clientMsgId", "m" + i, "content",
                        Map.of("text", "while you were out " + i)));
            }
            try (var tt = loggedIn(transport, carol)) {
                int bobId = userId(tt, bob.name());
                var unread = TeamTalkClient.parse(tt.request(Command.UNREAD_CNT_REQ, Msg.IMUnreadMsgCntReq.newBuilder()
                        .setUserId(tt.userId()).build(), Command.UNREAD_CNT_RES), Msg.IMUnreadMsgCntRsp.parser());
                assertThat(unread.getTotalCnt()).isEqualTo(3);
                assertThat(unread.getUnreadinfoList(0).getSessionId()).isEqualTo(bobId);
                assertThat(unread.getUnreadinfoList(0).getLatestMsgId()).isEqualTo(3);

                var list = TeamTalkClient.parse(tt.request(Command.MSG_LIST_REQ, Msg.IMGetMsgListReq.newBuilder()
                        .setUserId(tt.userId()).setSessionType(Base.SessionType.SESSION_TYPE_SINGLE)
                        .setSessionId(bobId).setMsgIdBegin(0).setMsgCnt(20).build(), Command.MSG_LIST_RES),
                        Msg.IMGetMsgListRsp.parser());
                assertThat(list.getMsgListList()).extracting(Base.MsgInfo::getMsgId).containsExactly(3, 2, 1);
                assertThat(TeamTalkClient.text(list.getMsgList(2).getMsgData())).isEqualTo("while you were out 1");
                var older = TeamTalkClient.parse(tt.request(Command.MSG_LIST_REQ, Msg.IMGetMsgListReq.newBuilder()
                        .setUserId(tt.userId()).setSessionType(Base.SessionType.SESSION_TYPE_SINGLE)
                        .setSessionId(bobId).setMsgIdBegin(2).setMsgCnt(1).build(), Command.MSG_LIST_RES),
                        Msg.IMGetMsgListRsp.parser());
                assertThat(older.getMsgListList()).extracting(Base.MsgInfo::getMsgId).containsExactly(2);

                tt.send(Command.MSG_READ_ACK, Msg.IMMsgDataReadAck.newBuilder().setUserId(tt.userId())
                        .setSessionId(bobId).setMsgId(3).setSessionType(Base.SessionType.SESSION_TYPE_SINGLE).build());
                JsonNode receipt = json.awaitType("receipt");
                assertThat(receipt.get("user").asText()).isEqualTo(carol.name());
                assertThat(receipt.get("kind").asText()).isEqualTo("read");
                assertThat(receipt.get("seq").asLong()).isEqualTo(3);
                var after = TeamTalkClient.parse(tt.request(Command.UNREAD_CNT_REQ, Msg.IMUnreadMsgCntReq.newBuilder()
                        .setUserId(tt.userId()).build(), Command.UNREAD_CNT_RES), Msg.IMUnreadMsgCntRsp.parser());
                assertThat(after.getTotalCnt()).isZero();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ws"})
    void groupMessagesBothWays(String transport) throws Exception {
        var alice = node.chat().user("alice");
        var bob = node.chat().user("bob");
        try (WsChatClient json = node.chat().wsAs(alice, "browser"); var tt = loggedIn(transport, bob)) {
            JsonNode group = json.request("g", frame("group_create", "name", "crew", "members", List.of(bob.name())));
            var groups = TeamTalkClient.parse(tt.request(Command.GROUP_LIST_REQ, Groups.IMNormalGroupListReq
                    .newBuilder().setUserId(tt.userId()).build(), Command.GROUP_LIST_RES),
                    Groups.IMNormalGroupListRsp.parser());
            assertThat(groups.getGroupVersionListList()).hasSize(1);
            int groupId = groups.getGroupVersionList(0).getGroupId();
            var info = TeamTalkClient.parse(tt.request(Command.GROUP_INFO_REQ, Groups.IMGroupInfoListReq.newBuilder()
                    .setUserId(tt.userId()).addAllGroupVersionList(groups.getGroupVersionListList()).build(),
                    Command.GROUP_INFO_RES), Groups.IMGroupInfoListRsp.parser());
            assertThat(info.getGroupInfoList(0).getGroupName()).isEqualTo("crew");
            assertThat(info.getGroupInfoList(0).getGroupMemberListList())
                    .containsExactlyInAnyOrder(tt.userId(), userId(tt, alice.name()));

            // The group's creation is its first message; the TeamTalk device sees it as a line of text.
            Msg.IMMsgData created = tt.awaitPush(Command.MSG_DATA, Msg.IMMsgData.parser());
            assertThat(created.getMsgType()).isEqualTo(Base.MsgType.MSG_TYPE_GROUP_TEXT);
            Msg.IMMsgDataAck ack = tt.sendText(groupId, true, "hi crew");
            assertThat(ack.getSessionType()).isEqualTo(Base.SessionType.SESSION_TYPE_GROUP);
            assertThat(ack.getMsgId()).isEqualTo(2);
            JsonNode pushed = json.await(f -> f.path("type").asText().equals("push")
                    && f.get("message").get("kind").asText().equals("text")).get("message");
            assertThat(pushed.get("group").asText()).isEqualTo(group.get("group").asText());
            assertThat(pushed.get("content").get("text").asText()).isEqualTo("hi crew");

            json.request("m", frame("send", "group", group.get("group").asText(), "clientMsgId", "g1", "content",
                    Map.of("text", "hi bob")));
            Msg.IMMsgData data = tt.awaitPush(Command.MSG_DATA, Msg.IMMsgData.parser());
            assertThat(data.getToSessionId()).isEqualTo(groupId);
            assertThat(data.getMsgId()).isEqualTo(3);
            assertThat(TeamTalkClient.text(data.getMsgData())).isEqualTo("hi bob");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ws"})
    void devicesOfOneUserKickReadAndWatch(String transport) throws Exception {
        var erin = node.chat().user("erin");
        var fred = node.chat().user("fred");
        try (var phone = loggedIn(transport, erin); var desktop = connect(transport)) {
            assertThat(desktop.login(erin.name(), "secret-pass", Base.ClientType.CLIENT_TYPE_WINDOWS).getResultCode())
                    .isEqualTo(Base.ResultType.REFUSE_REASON_NONE);
            int fredId = userId(phone, fred.name());
            var status = TeamTalkClient.parse(phone.request(Command.USERS_STATUS_REQ, Buddy.IMUsersStatReq
                    .newBuilder().setUserId(phone.userId()).addUserIdList(fredId).build(), Command.USERS_STATUS_RES),
                    Buddy.IMUsersStatRsp.parser());
            assertThat(status.getUserStatList(0).getStatus()).isEqualTo(Base.UserStatType.USER_STATUS_OFFLINE);
            try (WsChatClient json = node.chat().wsAs(fred, "browser")) {
                var online = phone.awaitPush(Command.USER_STATUS_NOTIFY, Buddy.IMUserStatNotify.parser());
                assertThat(online.getUserStat().getUserId()).isEqualTo(fredId);
                assertThat(online.getUserStat().getStatus()).isEqualTo(Base.UserStatType.USER_STATUS_ONLINE);

                json.request("1", frame("send", "to", erin.name(), "clientMsgId", "k1", "content", Map.of("text", "hi")));
                Msg.IMMsgData data = phone.awaitPush(Command.MSG_DATA, Msg.IMMsgData.parser());
                desktop.awaitPush(Command.MSG_DATA, Msg.IMMsgData.parser());
                // Read on the phone: the desktop is told, the sender gets a receipt.
                phone.send(Command.MSG_READ_ACK, Msg.IMMsgDataReadAck.newBuilder().setUserId(phone.userId())
                        .setSessionId(fredId).setMsgId(data.getMsgId())
                        .setSessionType(Base.SessionType.SESSION_TYPE_SINGLE).build());
                var read = desktop.awaitPush(Command.MSG_READ_NOTIFY, Msg.IMMsgDataReadNotify.parser());
                assertThat(read.getSessionId()).isEqualTo(fredId);
                assertThat(read.getMsgId()).isEqualTo(data.getMsgId());
                assertThat(json.awaitType("receipt").get("kind").asText()).isEqualTo("read");
            }
            // A second phone of the same kind replaces the first, which is told why.
            try (var newPhone = loggedIn(transport, erin)) {
                var kick = phone.awaitPush(Command.KICK_USER, dev.gatewise.teamtalk.proto.Login.IMKickUser.parser());
                assertThat(kick.getKickReason()).isEqualTo(Base.KickReasonType.KICK_REASON_DUPLICATE_USER);
                phone.awaitClosed();
                newPhone.request(Command.HEARTBEAT, Other.IMHeartBeat.getDefaultInstance(), Command.HEARTBEAT);
                assertThat(desktop.isClosed()).isFalse();
            }
        }
    }

    static TeamTalkClient connect(String transport) throws Exception {
        return transport.equals("tcp") ? node.tcp() : node.webSocket();
    }

    /** TeamTalk logins share the API's throttle: after ten failures the right password is refused too, for now. */
    @org.junit.jupiter.api.Test
    void failedLoginsAreThrottledLikeTheApis() throws Exception {
        var gina = node.chat().user("gina");
        for (int i = 0; i < 10; i++) {
            try (var client = node.tcp()) {
                assertThat(client.login(gina.name(), "wrong-pass", Base.ClientType.CLIENT_TYPE_ANDROID).getResultCode())
                        .isEqualTo(Base.ResultType.REFUSE_REASON_DB_VALIDATE_FAILED);
            }
        }
        try (var client = node.tcp()) {
            var refused = client.login(gina.name(), "secret-pass", Base.ClientType.CLIENT_TYPE_ANDROID);
            assertThat(refused.getResultCode()).isEqualTo(Base.ResultType.REFUSE_REASON_DB_VALIDATE_FAILED);
            assertThat(refused.getResultString()).contains("too many failed logins");
        }
        var api = node.chat().api("POST", "/api/sessions", Map.of("username", gina.name(), "password", "secret-pass"),
                null);
        assertThat(api.statusCode()).isEqualTo(429);
    }
}
