package dev.gatewise.gateway;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.teamtalk.proto.Base;
import dev.gatewise.teamtalk.proto.Buddy;
import dev.gatewise.teamtalk.proto.Msg;
import dev.gatewise.teamtalk.testing.TeamTalkClient;
import dev.gatewise.teamtalk.wire.Command;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged gateway, started as an operator would start it, serves chat, health and metrics. */
class GatewayIT {
    @TempDir
    Path temp;

    static String login(GatewayProcess gateway, String name) throws Exception {
        String body = "{\"username\":\"" + name + "\",\"password\":\"correct horse\"}";
        assertThat(gateway.postJson("/api/users", body).statusCode()).isEqualTo(201);
        var login = gateway.postJson("/api/sessions", body);
        assertThat(login.statusCode()).isEqualTo(200);
        return FrameJson.MAPPER.readTree(login.body()).get("token").asText();
    }

    @Test
    void tcpAndBrowserClientsChatThroughTheJarAndOperatorsSeeHealthAndMetrics() throws Exception {
        try (var gateway = new GatewayProcess(temp.resolve("data")).start()) {
            String alice = login(gateway, "alice");
            String bob = login(gateway, "bob");
            try (var aliceTcp = gateway.tcp(); var bobWs = gateway.ws()) {
                aliceTcp.auth(alice, "phone");
                bobWs.auth(bob, "browser");
                JsonNode ack = aliceTcp.request("1", frame("send", "to", "bob", "clientMsgId", "m1",
                        "content", Map.of("text", "over tcp")));
                assertThat(ack.get("type").asText()).isEqualTo("ack");
                assertThat(bobWs.awaitType("push").get("message").get("content").get("text").asText())
                        .isEqualTo("over tcp");

                var health = gateway.get("/actuator/health");
                assertThat(health.statusCode()).isEqualTo(200);
                JsonNode status = FrameJson.MAPPER.readTree(health.body());
                assertThat(status.get("status").asText()).isEqualTo("UP");
                assertThat(status.at("/components/chat/details/connections").asInt()).isEqualTo(2);

                String metrics = gateway.get("/actuator/prometheus").body();
                assertThat(metrics).contains("gatewise_chat_connections{application=\"gatewise\",transport=\"tcp\"} 1.0");
                assertThat(metrics).contains("gatewise_chat_connections{application=\"gatewise\",transport=\"websocket\"} 1.0");
                assertThat(metrics).containsPattern("gatewise_chat_frames_in_total\\{.*transport=\"tcp\"} [1-9]");
                assertThat(metrics).contains("gatewise_chat_delivery_latency_seconds_count");
                assertThat(metrics).contains("gatewise_chat_messages_stored_total{application=\"gatewise\"} 1.0");

                // A file goes up over HTTP, is sent as a chat message, and its receiver downloads it.
                var upload = gateway.send(HttpRequest.newBuilder(gateway.uri("/files?name=notes.txt"))
                        .header("Authorization", "Bearer " + alice).header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("hello, file")).build());
                assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
                String fileId = FrameJson.MAPPER.readTree(upload.body()).get("id").asText();
                JsonNode fileAck = aliceTcp.request("2", frame("send", "to", "bob", "clientMsgId", "m2", "kind", "file",
                        "content", Map.of("id", fileId)));
                assertThat(fileAck.get("type").asText()).as(fileAck.toString()).isEqualTo("ack");
                JsonNode shared = bobWs.awaitType("push").get("message").get("content");
                assertThat(shared.get("name").asText()).isEqualTo("notes.txt");
                var download = gateway.send(HttpRequest.newBuilder(gateway.uri(shared.get("url").asText()))
                        .header("Authorization", "Bearer " + bob).GET().build());
                assertThat(download.statusCode()).isEqualTo(200);
                assertThat(download.body()).isEqualTo("hello, file");
                assertThat(gateway.get("/actuator/prometheus").body())
                        .contains("gatewise_files_uploads_completed_total{application=\"gatewise\"} 1.0");
                assertThat(temp.resolve("data/files")).isDirectory();
            }
            var page = gateway.get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            var missing = gateway.get("/../../etc/passwd");
            assertThat(missing.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void teamTalkAppsLogInWithTheApiPasswordAndChatWithBrowsers() throws Exception {
        try (var gateway = new GatewayProcess(temp.resolve("data")).start()) {
            login(gateway, "carol");
            String dave = login(gateway, "dave");
            try (var carolApp = TeamTalkClient.tcp(gateway.teamTalkPort());
                 var carolWeb = TeamTalkClient.webSocket(gateway.teamTalkPort(), "/any/path");
                 var daveWs = gateway.ws()) {
                assertThat(carolApp.login("carol", "correct horse", Base.ClientType.CLIENT_TYPE_ANDROID)
                        .getResultCode()).isEqualTo(Base.ResultType.REFUSE_REASON_NONE);
                assertThat(carolWeb.login("carol", "correct horse", Base.ClientType.CLIENT_TYPE_WINDOWS)
                        .getResultCode()).isEqualTo(Base.ResultType.REFUSE_REASON_NONE);
                daveWs.auth(dave, "browser");
                var users = TeamTalkClient.parse(carolApp.request(Command.ALL_USER_REQ, Buddy.IMAllUserReq.newBuilder()
                        .setUserId(carolApp.userId()).setLatestUpdateTime(0).build(), Command.ALL_USER_RES),
                        Buddy.IMAllUserRsp.parser());
                int daveId = users.getUserListList().stream().filter(u -> u.getUserNickName().equals("dave"))
                        .findFirst().orElseThrow().getUserId();
                carolApp.sendText(daveId, false, "from the app");
                assertThat(daveWs.awaitType("push").get("message").get("content").get("text").asText())
                        .isEqualTo("from the app");
                // carol's other device (the web client) sees what her app sent.
                assertThat(TeamTalkClient.text(carolWeb.awaitPush(Command.MSG_DATA, Msg.IMMsgData.parser())
                        .getMsgData())).isEqualTo("from the app");

                // An image dave shares reaches the app as TeamTalk's marked link, which opens without a token;
                // the app sending that link back shares the same file.
                var png = new java.io.ByteArrayOutputStream();
                javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(4, 4,
                        java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png);
                var upload = gateway.send(HttpRequest.newBuilder(gateway.uri("/files?name=dot.png"))
                        .header("Authorization", "Bearer " + dave).header("Content-Type", "image/png")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray())).build());
                assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
                String fileId = FrameJson.MAPPER.readTree(upload.body()).get("id").asText();
                daveWs.request("f", frame("send", "to", "carol", "clientMsgId", "f1", "kind", "file",
                        "content", Map.of("id", fileId)));
                String image = TeamTalkClient.text(carolApp.awaitPush(Command.MSG_DATA, Msg.IMMsgData.parser())
                        .getMsgData());
                assertThat(image).startsWith("&$#@~^@[{:http://").endsWith(":}]&$~@#@");
                String link = image.substring("&$#@~^@[{:".length(), image.length() - ":}]&$~@#@".length());
                var fetched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(fetched.statusCode()).isEqualTo(200);
                assertThat(fetched.body()).isEqualTo(png.toByteArray());
                carolApp.sendText(daveId, false, image);
                JsonNode shared = daveWs.await(f -> f.path("type").asText().equals("push")
                        && f.at("/message/from").asText().equals("carol")
                        && f.at("/message/kind").asText().equals("file")).get("message").get("content");
                assertThat(shared.get("id").asText()).isEqualTo(fileId);
                assertThat(shared.get("name").asText()).isEqualTo("dot.png");

                JsonNode server = FrameJson.MAPPER.readTree(gateway.get("/msg_server").body());
                assertThat(server.get("code").asInt()).isZero();
                assertThat(server.get("port").asText()).isEqualTo(Integer.toString(gateway.teamTalkPort()));
                assertThat(gateway.get("/actuator/prometheus").body())
                        .contains("gatewise_chat_connections{application=\"gatewise\",transport=\"teamtalk\"} 2.0")
                        .containsPattern("gatewise_chat_frames_in_total\\{.*transport=\"teamtalk\"} [1-9]");
            }
        }
    }
}
