package dev.gatewise.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.files.testing.FileServer;
import dev.gatewise.files.testing.Uploader;
import dev.gatewise.im.testing.ChatClient;
import dev.gatewise.im.testing.TestServer;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Files sent as chat messages: who may read them, what receivers are told, signed URLs, thumbnails. */
class SharingTest {
    FileServer server;
    TestServer.User alice;
    TestServer.User bob;
    TestServer.User carol;

    @BeforeEach
    void start() throws Exception {
        server = new FileServer(null, settings -> {});
        alice = server.chat().user("alice");
        bob = server.chat().user("bob");
        carol = server.chat().user("carol");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aFileSentToAUserBecomesReadableByThemAndOnlyThem() throws Exception {
        byte[] data = "quarterly numbers".getBytes(StandardCharsets.UTF_8);
        JsonNode file = Uploader.upload(server, alice, "numbers.txt", "text/plain", data);
        String url = file.get("url").asText();
        assertThat(get(url, bob).statusCode()).isEqualTo(403);

        try (ChatClient a = server.chat().wsAs(alice, "web"); ChatClient b = server.chat().tcpAs(bob, "phone")) {
            // The sender names the file; the server fills in what receivers can trust.
            JsonNode ack = a.request("s1", ChatClient.frame("send", "to", bob.name(), "kind", "file", "clientMsgId",
                    "m1", "content", Map.of("id", file.get("id").asText(), "caption", "see this", "size", 1)));
            assertThat(ack.get("type").asText()).as(ack.toString()).isEqualTo("ack");
            JsonNode content = b.awaitType("push").get("message").get("content");
            assertThat(content.get("name").asText()).isEqualTo("numbers.txt");
            assertThat(content.get("size").asLong()).isEqualTo(data.length);
            assertThat(content.get("sha256").asText()).isEqualTo(TusUploadTest.sha256(data));
            assertThat(content.get("contentType").asText()).isEqualTo("text/plain");
            assertThat(content.get("caption").asText()).isEqualTo("see this");
        }
        var asBob = get(url, bob);
        assertThat(asBob.statusCode()).isEqualTo(200);
        assertThat(asBob.body()).isEqualTo(data);
        assertThat(get(url, carol).statusCode()).isEqualTo(403);
    }

    @Test
    void groupMembersMayReadAFileSentToTheGroup() throws Exception {
        JsonNode file = Uploader.upload(server, alice, "plan.txt", "text/plain", new byte[] {1, 2, 3});
        try (ChatClient a = server.chat().wsAs(alice, "web")) {
            String group = a.request("g1", ChatClient.frame("group_create", "name", "team", "members",
                    new String[] {bob.name()})).get("group").asText();
            JsonNode ack = a.request("s1", ChatClient.frame("send", "group", group, "kind", "file", "clientMsgId", "m1",
                    "content", Map.of("id", file.get("id").asText())));
            assertThat(ack.get("type").asText()).as(ack.toString()).isEqualTo("ack");
        }
        assertThat(get(file.get("url").asText(), bob).statusCode()).isEqualTo(200);
        assertThat(get(file.get("url").asText(), carol).statusCode()).isEqualTo(403);
    }

    @Test
    void nobodyMaySendAFileTheyCannotRead() throws Exception {
        JsonNode file = Uploader.upload(server, alice, "secret.txt", "text/plain", new byte[] {1});
        try (ChatClient c = server.chat().wsAs(carol, "web")) {
            JsonNode error = c.request("s1", ChatClient.frame("send", "to", bob.name(), "kind", "file",
                    "clientMsgId", "m1", "content", Map.of("id", file.get("id").asText())));
            assertThat(error.get("code").asText()).as(error.toString()).isEqualTo("forbidden");
            JsonNode traversal = c.request("s2", ChatClient.frame("send", "to", bob.name(), "kind", "file",
                    "clientMsgId", "m2", "content", Map.of("id", "../../etc/passwd")));
            assertThat(traversal.get("code").asText()).isEqualTo("invalid_field");
        }
        assertThat(get(file.get("url").asText(), bob).statusCode()).isEqualTo(403);
    }

    @Test
    void aSignedUrlOpensTheFileWithoutAHeaderUntilTampered() {
        JsonNode file = Uploader.upload(server, alice, "pic.bin", "application/octet-stream", new byte[] {9, 9});
        var signed = server.send(server.request(file.get("url").asText() + "/url").POST(BodyPublishers.noBody()),
                alice.token());
        assertThat(signed.statusCode()).isEqualTo(200);
        String url = TestServer.json(new String(signed.body(), StandardCharsets.UTF_8)).get("url").asText();
        assertThat(server.send(server.request(url).GET(), null).body()).containsExactly(9, 9);
        // Change the signature's first character to another one (replacing it by a fixed one did nothing when
        // the signature happened to start with it: one run in 64).
        int at = url.indexOf("signature=") + "signature=".length();
        String tampered = url.substring(0, at) + (url.charAt(at) == 'A' ? 'B' : 'A') + url.substring(at + 1);
        assertThat(server.send(server.request(tampered).GET(), null).statusCode()).isEqualTo(401);
        var notShared = server.send(server.request(file.get("url").asText() + "/url").POST(BodyPublishers.noBody()),
                bob.token());
        assertThat(notShared.statusCode()).isEqualTo(403);
    }

    @Test
    void imagesGetAThumbnail() throws Exception {
        var image = new BufferedImage(1600, 900, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 1600, 900);
        g.dispose();
        var png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        JsonNode file = Uploader.upload(server, alice, "sunset.png", "image/png", png.toByteArray());
        assertThat(file.get("thumbnail").asText()).isEqualTo(file.get("url").asText() + "/thumbnail");

        var thumb = get(file.get("thumbnail").asText(), alice);
        assertThat(thumb.statusCode()).isEqualTo(200);
        assertThat(thumb.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(thumb.body()));
        assertThat(decoded.getWidth()).isEqualTo(320);
        assertThat(decoded.getHeight()).isEqualTo(180);

        JsonNode text = Uploader.upload(server, alice, "notes.txt", "text/plain", new byte[] {1});
        assertThat(text.get("thumbnail").isNull()).isTrue();
        // An "image" that is not one gets no thumbnail and no error.
        JsonNode fake = Uploader.upload(server, alice, "fake.jpg", "image/jpeg", new byte[] {1, 2, 3});
        assertThat(fake.get("thumbnail").isNull()).isTrue();
    }

    private java.net.http.HttpResponse<byte[]> get(String path, TestServer.User user) {
        return server.send(server.request(path).GET(), user.token());
    }
}
