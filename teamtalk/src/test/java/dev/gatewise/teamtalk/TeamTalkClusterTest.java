package dev.gatewise.teamtalk;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.testing.RedisServer;
import dev.gatewise.im.testing.TestServer;
import dev.gatewise.teamtalk.proto.Base;
import dev.gatewise.teamtalk.proto.Msg;
import dev.gatewise.teamtalk.testing.TeamTalkClient;
import dev.gatewise.teamtalk.testing.TeamTalkNode;
import dev.gatewise.teamtalk.wire.Command;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two nodes on one real Redis: TeamTalk and JSON devices on different nodes chat, with the same numbers. */
class TeamTalkClusterTest {
    static RedisServer redis;
    static TeamTalkNode first;
    static TeamTalkNode second;

    @BeforeAll
    static void start() throws Exception {
        redis = new RedisServer();
        first = new TeamTalkNode(TeamTalkClusterTest::fastHeartbeat, tt -> {}, redis.uri());
        second = new TeamTalkNode(TeamTalkClusterTest::fastHeartbeat, tt -> {}, redis.uri());
    }

    static void fastHeartbeat(dev.gatewise.im.config.ChatSettings settings) {
        settings.setNodeHeartbeat(Duration.ofMillis(200));
        settings.setNodeTtl(Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
        redis.close();
    }

    @Test
    void aConversationAcrossNodes() throws Exception {
        TestServer.User alice = first.chat().user("alice");
        TestServer.User bob = second.chat().user("bob");
        try (var aliceTt = first.tcp(); var bobTt = second.webSocket(); var bobJson = second.chat().wsAs(bob, "web")) {
            assertThat(aliceTt.login(alice.name(), "secret-pass", Base.ClientType.CLIENT_TYPE_ANDROID).getResultCode())
                    .isEqualTo(Base.ResultType.REFUSE_REASON_NONE);
            assertThat(bobTt.login(bob.name(), "secret-pass", Base.ClientType.CLIENT_TYPE_WINDOWS).getResultCode())
                    .isEqualTo(Base.ResultType.REFUSE_REASON_NONE);
            int bobId = TeamTalkChatTest.userId(aliceTt, bob.name());
            // Both nodes give each user the same number: the mapping lives in the shared store.
            assertThat(bobId).isEqualTo(bobTt.userId());
            assertThat(TeamTalkChatTest.userId(bobTt, alice.name())).isEqualTo(aliceTt.userId());

            assertThat(aliceTt.sendText(bobId, false, "across nodes").getMsgId()).isEqualTo(1);
            Msg.IMMsgData atBob = bobTt.awaitPush(Command.MSG_DATA, Msg.IMMsgData.parser());
            assertThat(TeamTalkClient.text(atBob.getMsgData())).isEqualTo("across nodes");
            assertThat(atBob.getFromUserId()).isEqualTo(aliceTt.userId());
            JsonNode json = bobJson.awaitType("push").get("message");
            assertThat(json.get("content").get("text").asText()).isEqualTo("across nodes");

            bobJson.request("r", frame("send", "to", alice.name(), "clientMsgId", "back", "content",
                    Map.of("text", "and back")));
            Msg.IMMsgData atAlice = aliceTt.awaitPush(Command.MSG_DATA, Msg.IMMsgData.parser());
            assertThat(TeamTalkClient.text(atAlice.getMsgData())).isEqualTo("and back");
            assertThat(atAlice.getMsgId()).isEqualTo(2);
            // bob's TeamTalk device on the same node as his browser gets his own message too.
            assertThat(TeamTalkClient.text(bobTt.awaitPush(Command.MSG_DATA, Msg.IMMsgData.parser()).getMsgData()))
                    .isEqualTo("and back");
        }
    }

    @Test
    void theLoginServerNamesALiveNodesTeamTalkListener() throws Exception {
        var answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + first.chat().httpPort() + "/msg_server")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode body = TestServer.json(answer.body());
        assertThat(body.get("code").asInt()).isZero();
        String host = first.chat().node().services().settings().getAdvertisedHost();
        assertThat(body.get("priorIP").asText()).isEqualTo(host);
        assertThat(body.get("backupIP").asText()).isEqualTo(host);
        assertThat(body.get("port").asText()).isIn(Integer.toString(first.port()), Integer.toString(second.port()));
        assertThat(body.has("msfsPrior")).isTrue();
        assertThat(body.has("msfsBackup")).isTrue();
        assertThat(body.has("discovery")).isTrue();
    }
}
