package dev.gatewise.teamtalk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.im.testing.TempDirs;
import dev.gatewise.im.testing.TestServer;
import dev.gatewise.teamtalk.proto.Base;
import dev.gatewise.teamtalk.proto.Groups;
import dev.gatewise.teamtalk.testing.TeamTalkNode;
import dev.gatewise.teamtalk.wire.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The numbers TeamTalk clients know users, groups and messages by, and the MD5 credentials, survive a restart. */
class RestartTest {
    @Test
    void idsAndCredentialsSurviveARestart() throws Exception {
        Path data = Files.createTempDirectory("teamtalk-restart");
        try {
            TestServer.User alice;
            TestServer.User bob;
            int aliceId;
            int bobId;
            int groupId;
            try (var node = TeamTalkNode.onData(data)) {
                alice = node.chat().user("alice");
                bob = node.chat().user("bob");
                try (var json = node.chat().wsAs(alice, "web"); var tt = TeamTalkChatTest.loggedIn(node, "tcp", bob)) {
                    json.request("g", dev.gatewise.im.testing.ChatClient.frame("group_create", "name", "crew",
                            "members", List.of(bob.name())));
                    aliceId = TeamTalkChatTest.userId(tt, alice.name());
                    bobId = tt.userId();
                    groupId = groups(tt);
                    assertThat(tt.sendText(aliceId, false, "before the restart").getMsgId()).isEqualTo(1);
                }
            }
            try (var node = TeamTalkNode.onData(data); var tt = TeamTalkChatTest.loggedIn(node, "ws", bob)) {
                assertThat(tt.userId()).isEqualTo(bobId);
                assertThat(TeamTalkChatTest.userId(tt, alice.name())).isEqualTo(aliceId);
                assertThat(groups(tt)).isEqualTo(groupId);
                assertThat(tt.sendText(aliceId, false, "after the restart").getMsgId()).isEqualTo(2);
            }
        } finally {
            TempDirs.delete(data);
        }
    }

    private static int groups(dev.gatewise.teamtalk.testing.TeamTalkClient tt) {
        var list = dev.gatewise.teamtalk.testing.TeamTalkClient.parse(tt.request(Command.GROUP_LIST_REQ,
                Groups.IMNormalGroupListReq.newBuilder().setUserId(tt.userId()).build(), Command.GROUP_LIST_RES),
                Groups.IMNormalGroupListRsp.parser());
        assertThat(list.getGroupVersionListList()).hasSize(1);
        return list.getGroupVersionList(0).getGroupId();
    }
}
