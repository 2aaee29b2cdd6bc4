package dev.gatewise.teamtalk;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.gatewise.im.testing.TestServer;
import dev.gatewise.im.testing.WsChatClient;
import dev.gatewise.teamtalk.proto.Base;
import dev.gatewise.teamtalk.proto.Msg;
import dev.gatewise.teamtalk.proto.Other;
import dev.gatewise.teamtalk.testing.TeamTalkClient;
import dev.gatewise.teamtalk.testing.TeamTalkNode;
import dev.gatewise.teamtalk.wire.Command;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TeamTalk audio messages (u32 seconds, then Ogg Speex) become voice messages the server measured, and go back to
 * TeamTalk devices byte for byte; voice recorded elsewhere (Opus) reaches them as a line with its duration and link.
 */
class TeamTalkVoiceTest {
    static TeamTalkNode node;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        node = new TeamTalkNode();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static TeamTalkClient loggedIn(TestServer.User user, Base.ClientType type) throws Exception {
        var client = node.tcp();
        var res = client.login(user.name(), "secret-pass", type);
        assertThat(res.getResultCode()).isEqualTo(Base.ResultType.REFUSE_REASON_NONE);
        return client;
    }

    @Test
    void audioFromTeamTalkIsAVoiceMessageForEveryoneAndTheSameAudioForTeamTalk() throws Exception {
        var alice = node.chat().user("alice");
        var bob = node.chat().user("bob");
        byte[] speex = clip("hello.spx", 2.0, "-ar", "8000", "-ac", "1", "-c:a", "libspeex", "-f", "ogg");
        try (var tt = loggedIn(alice, Base.ClientType.CLIENT_TYPE_ANDROID);
             var bobsPhone = loggedIn(bob, Base.ClientType.CLIENT_TYPE_IOS);
             WsChatClient json = node.chat().wsAs(bob, "browser")) {
            int bobId = TeamTalkChatTest.userId(tt, bob.name());
            byte[] data = ByteBuffer.allocate(4 + speex.length).putInt(2).put(speex).array();
            var ack = TeamTalkClient.parse(tt.request(Command.MSG_DATA, audio(tt, bobId, data), Command.MSG_DATA_ACK),
                    Msg.IMMsgDataAck.parser());
            assertThat(ack.getMsgId()).isEqualTo(1);

            JsonNode pushed = json.awaitType("push").get("message");
            assertThat(pushed.get("kind").asText()).isEqualTo("voice");
            JsonNode content = pushed.get("content");
            assertThat(content.get("durationMs").asLong()).isCloseTo(2000, Offset.offset(100L));
            assertThat(content.get("codec").asText()).isEqualTo("speex");
            assertThat(content.get("peaks")).hasSize(64);
            var playable = get(content.get("playable").asText(), bob.token());
            assertThat(playable.statusCode()).isEqualTo(200);

            Msg.IMMsgData onPhone = bobsPhone.awaitPush(Command.MSG_DATA, Msg.IMMsgData.parser());
            assertThat(onPhone.getMsgType()).isEqualTo(Base.MsgType.MSG_TYPE_SINGLE_AUDIO);
            assertThat(onPhone.getMsgData()).isEqualTo(ByteString.copyFrom(data));
        }
    }

    @Test
    void voiceFromElsewhereReachesTeamTalkAsItsDurationAndALink() throws Exception {
        var carol = node.chat().user("carol");
        var dave = node.chat().user("dave");
        byte[] opus = clip("hi.webm", 3.0, "-c:a", "libopus");
        try (var tt = loggedIn(dave, Base.ClientType.CLIENT_TYPE_ANDROID);
             WsChatClient json = node.chat().wsAs(carol, "browser")) {
            var uploaded = TestServer.json(new String(post("/files?name=hi.webm", opus, carol.token()).body(),
                    StandardCharsets.UTF_8));
            String id = uploaded.get("id").asText();
            assertThat(post("/files/" + id + "/voice", new byte[0], carol.token()).statusCode()).isEqualTo(200);
            JsonNode sent = json.request("1", frame("send", "to", dave.name(), "clientMsgId", "v1", "kind", "voice",
                    "content", Map.of("id", id)));
            assertThat(sent.get("type").asText()).as(sent.toString()).isEqualTo("ack");
            Msg.IMMsgData data = tt.awaitPush(Command.MSG_DATA, Msg.IMMsgData.parser());
            assertThat(data.getMsgType()).isEqualTo(Base.MsgType.MSG_TYPE_SINGLE_TEXT);
            String line = TeamTalkClient.text(data.getMsgData());
            assertThat(line).startsWith("[voice message 0:03] ").contains("/files/" + id + "/playable?expires=");
            // The link opens without a token, as TeamTalk apps have none.
            String link = line.substring(line.indexOf("/files/"));
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(link)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void audioThatIsNotAudioIsDroppedAndTheConnectionStays() throws Exception {
        var erin = node.chat().user("erin");
        var frank = node.chat().user("frank");
        try (var tt = loggedIn(erin, Base.ClientType.CLIENT_TYPE_ANDROID)) {
            int frankId = TeamTalkChatTest.userId(tt, frank.name());
            byte[] junk = "\0\0\0\2not a recording at all".getBytes(StandardCharsets.UTF_8);
            tt.send(Command.MSG_DATA, audio(tt, frankId, junk));
            tt.assertNone(p -> p.known() == Command.MSG_DATA_ACK, Duration.ofSeconds(3));
            tt.request(Command.HEARTBEAT, Other.IMHeartBeat.getDefaultInstance(), Command.HEARTBEAT);
        }
    }

    private static Msg.IMMsgData audio(TeamTalkClient from, int to, byte[] data) {
        return Msg.IMMsgData.newBuilder().setFromUserId(from.userId()).setToSessionId(to).setMsgId(1)
                .setCreateTime((int) (System.currentTimeMillis() / 1000))
                .setMsgType(Base.MsgType.MSG_TYPE_SINGLE_AUDIO).setMsgData(ByteString.copyFrom(data)).build();
    }

    /** A tone made by Debian's ffmpeg, encoded as {@code args} say. */
    private static byte[] clip(String name, double seconds, String... args) throws Exception {
        Path out = dir.resolve(name);
        var command = new java.util.ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=300:duration=" + seconds));
        command.addAll(List.of(args));
        command.add(out.toString());
        Process ffmpeg = new ProcessBuilder(command).redirectErrorStream(true).inheritIO().start();
        assertThat(ffmpeg.waitFor()).as("ffmpeg").isZero();
        return Files.readAllBytes(out);
    }

    private static HttpResponse<byte[]> post(String path, byte[] body, String token) throws IOException,
            InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)), token);
    }

    private static HttpResponse<byte[]> get(String path, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token);
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request, String token) throws IOException,
            InterruptedException {
        return HttpClient.newHttpClient().send(request.header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + node.chat().httpPort() + path);
    }
}
