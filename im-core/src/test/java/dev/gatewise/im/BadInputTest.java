package dev.gatewise.im;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.testing.ChatClient;
import dev.gatewise.im.testing.RawWebSocket;
import dev.gatewise.im.testing.TcpChatClient;
import dev.gatewise.im.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input gets a clear error frame or a close with a reason, and the server goes on
 * serving everyone else: after each case, two bystanders who were connected all along still chat, and
 * nothing that was acknowledged is lost.
 */
class BadInputTest {
    private TestServer server;
    private final List<AutoCloseable> open = new ArrayList<>();

    private TestServer server(Consumer<ChatSettings> settings) throws IOException {
        server = new TestServer(settings);
        return server;
    }

    private TestServer server() throws IOException {
        return server(s -> {});
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    /** Two users connected before the bad input arrives; they must not notice it. */
    private final class Bystanders {
        final TestServer.User alice = server.user("stander");
        final TestServer.User bob = server.user("stander");
        final ChatClient aliceClient = keep(server.tcpAs(alice, "phone"));
        final ChatClient bobClient = keep(server.wsAs(bob, "browser"));
        final List<String> acked = new ArrayList<>();
        String conversation;

        Bystanders() throws IOException {
            chat();
            // Servers here may have short idle timeouts; bystanders keep their connections alive.
            var keepAlive = Executors.newSingleThreadScheduledExecutor();
            keepAlive.scheduleAtFixedRate(() -> {
                aliceClient.send(frame("ping").toString());
                bobClient.send(frame("ping").toString());
            }, 200, 200, TimeUnit.MILLISECONDS);
            open.add(keepAlive::shutdownNow);
        }

        void chat() {
            assertThat(aliceClient.request("ping" + acked.size(), frame("ping")).get("type").asText())
                    .isEqualTo("pong");
            String text = "still here " + acked.size();
            JsonNode ack = aliceClient.request("s" + acked.size(), frame("send", "to", bob.name(),
                    "clientMsgId", "by-" + acked.size(), "content", Map.of("text", text)));
            assertThat(ack.get("type").asText()).as(ack.toString()).isEqualTo("ack");
            acked.add(ack.get("msgId").asText());
            conversation = ack.get("conversation").asText();
            assertThat(bobClient.await(f -> f.at("/message/content/text").asText().equals(text))).isNotNull();
            JsonNode sync = bobClient.request("sync" + acked.size(), frame("sync", "conversation", conversation));
            var stored = new ArrayList<String>();
            sync.get("messages").forEach(m -> stored.add(m.get("msgId").asText()));
            assertThat(stored).containsExactlyElementsOf(acked);
        }
    }

    private static void assertError(JsonNode frame, String code) {
        assertThat(frame.get("type").asText()).as(frame.toString()).isEqualTo("error");
        assertThat(frame.get("code").asText()).as(frame.toString()).isEqualTo(code);
        assertThat(frame.get("message").asText()).isNotBlank();
    }

    @Test
    void malformedJsonGetsAnErrorAndTheConnectionStaysUsable() throws Exception {
        server();
        var bystanders = new Bystanders();
        var user = server.user("sloppy");
        for (ChatClient client : List.of(keep(server.tcpAs(user, "tcp")), keep(server.wsAs(user, "ws")))) {
            client.send("{\"type\": \"ping\", ");
            assertError(client.next(), "malformed_json");
            client.send("[1, 2, 3]");
            assertError(client.next(), "malformed_json");
            assertThat(client.request("after", frame("ping")).get("type").asText()).isEqualTo("pong");
        }
        bystanders.chat();
    }

    @Test
    void unknownTypesAndBadFieldsAreNamedInTheError() throws Exception {
        server();
        var bystanders = new Bystanders();
        var client = keep(server.tcpAs(server.user("odd"), "d"));
        JsonNode unknown = client.request("u1", frame("dance"));
        assertError(unknown, "unknown_type");
        assertThat(unknown.get("message").asText()).contains("dance");

        JsonNode missing = client.request("m1", frame("send", "to", bystanders.bob.name(),
                "content", Map.of("text", "no client id")));
        assertError(missing, "invalid_field");
        assertThat(missing.get("message").asText()).contains("clientMsgId");

        JsonNode wrongType = client.request("w1", frame("sync", "conversation", "dm:a:b", "afterSeq", "5"));
        assertError(wrongType, "invalid_field");
        assertThat(wrongType.get("message").asText()).contains("afterSeq");

        JsonNode bothTargets = client.request("b1", frame("send", "to", "x", "group", "y", "clientMsgId", "c",
                "content", Map.of("text", "hi")));
        assertError(bothTargets, "invalid_field");

        JsonNode noType = client.request("n1", FrameJson.MAPPER.createObjectNode().put("seq", 1));
        assertError(noType, "invalid_field");

        JsonNode badConversation = client.request("c1", frame("sync", "conversation", "../../etc/passwd"));
        assertError(badConversation, "invalid_field");
        JsonNode notMine = client.request("c2", frame("sync", "conversation", bystanders.conversation));
        assertError(notMine, "forbidden");

        assertThat(client.request("alive", frame("ping")).get("type").asText()).isEqualTo("pong");
        bystanders.chat();
    }

    @Test
    void framesOverTheLimitCloseTheConnection() throws Exception {
        server();
        var bystanders = new Bystanders();
        var user = server.user("big");
        String huge = "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";

        var tcp = keep(server.tcpAs(user, "tcp"));
        tcp.send(huge);
        assertError(tcp.next(), "frame_too_large");
        tcp.awaitClosed();

        var ws = keep(server.wsAs(user, "ws"));
        ws.send(huge);
        await().atMost(Duration.ofSeconds(10)).until(() -> ws.closeCode() != -1);
        assertThat(ws.closeCode()).isEqualTo(1009);
        bystanders.chat();
    }

    @Test
    void invalidUtf8IsRefused() throws Exception {
        server();
        var bystanders = new Bystanders();
        var tcp = keep(server.tcpAs(server.user("bytes"), "tcp"));
        tcp.sendRaw(new byte[] {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'});
        assertError(tcp.next(), "invalid_utf8");
        assertThat(tcp.request("ok", frame("ping")).get("type").asText()).isEqualTo("pong");

        try (var ws = new RawWebSocket("127.0.0.1", server.httpPort(), "/ws")) {
            ws.send(1, new byte[] {'{', (byte) 0xc3, (byte) 0x28, '}'});
            assertThat(ws.awaitCloseStatus()).isEqualTo(1007);
        }
        bystanders.chat();
    }

    @Test
    void webSocketBinaryFramesAreRefusedWithoutClosing() throws Exception {
        server();
        var bystanders = new Bystanders();
        var ws = keep(server.wsAs(server.user("binary"), "ws"));
        ws.sendBinary("{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
        assertError(ws.next(), "malformed_json");
        assertThat(ws.request("ok", frame("ping")).get("type").asText()).isEqualTo("pong");
        bystanders.chat();
    }

    @Test
    void lengthPrefixesThatLie() throws Exception {
        server(s -> s.setIdleTimeout(Duration.ofSeconds(1)));
        var bystanders = new Bystanders();
        var user = server.user("liar");

        // A "negative" length is a length near 4 GiB: refused as soon as it is read.
        var negative = keep(server.tcpAs(user, "negative"));
        negative.writeBytes(ByteBuffer.allocate(4).putInt(-5).array());
        assertError(negative.next(), "frame_too_large");
        negative.awaitClosed();

        // More promised than sent, then silence: the idle timeout ends it.
        var promise = keep(server.tcpAs(user, "promise"));
        promise.writeBytes(ByteBuffer.allocate(4 + 5).putInt(100).put("{\"ty\"".getBytes()).array());
        assertError(promise.next(), "idle_timeout");
        promise.awaitClosed();

        // Less promised than sent: the rest is read as garbage frames and the stream is cut off.
        var short_ = keep(server.tcpAs(user, "short"));
        byte[] json = "{\"type\":\"ping\",\"id\":\"p\"}".getBytes(StandardCharsets.UTF_8);
        short_.writeBytes(ByteBuffer.allocate(4 + json.length).putInt(6).put(json).array());
        assertError(short_.next(), "malformed_json");
        short_.awaitClosed();
        bystanders.chat();
    }

    @Test
    void framesBeforeAuthAndSilentConnectionsAreClosed() throws Exception {
        server(s -> s.setAuthTimeout(Duration.ofMillis(500)));
        var bystanders = new Bystanders();
        var early = keep(server.tcp());
        early.send(frame("ping", "id", "too-soon").toString());
        JsonNode refused = early.next();
        assertError(refused, "not_authenticated");
        assertThat(refused.get("id").asText()).isEqualTo("too-soon");
        early.awaitClosed();

        var silent = keep(server.ws());
        assertError(silent.next(), "auth_timeout");
        silent.awaitClosed();
        bystanders.chat();
    }

    @Test
    void badAndExpiredTokensAreRefused() throws Exception {
        server(s -> s.setTokenTtl(Duration.ofMillis(300)));
        var expiring = server.user("brief");
        Thread.sleep(400);

        var wrong = keep(server.tcp());
        wrong.send(frame("auth", "id", "a", "token", "not-a-token").toString());
        assertError(wrong.next(), "auth_failed");
        wrong.awaitClosed();

        var expired = keep(server.ws());
        expired.send(frame("auth", "id", "a", "token", expiring.token()).toString());
        assertError(expired.next(), "token_expired");
        expired.awaitClosed();
        assertThat(server.api("GET", "/api/users/me", null, expiring.token()).statusCode()).isEqualTo(401);
    }

    @Test
    void aSecondAuthIsRefusedButTheConnectionStays() throws Exception {
        server();
        var user = server.user("twice");
        var client = keep(server.tcpAs(user, "d"));
        assertError(client.request("again", frame("auth", "token", user.token())), "already_authenticated");
        assertThat(client.request("ok", frame("ping")).get("type").asText()).isEqualTo("pong");
    }

    @Test
    void tooManyUndecodableFramesCloseTheConnection() throws Exception {
        server();
        var bystanders = new Bystanders();
        var client = keep(server.tcpAs(server.user("noisy"), "d"));
        for (int i = 0; i < 9; i++) {
            client.send("nonsense " + i);
            assertError(client.next(), "malformed_json");
        }
        client.send("the tenth");
        assertError(client.next(), "too_many_errors");
        client.awaitClosed();
        bystanders.chat();
    }

    @Test
    void aFloodIsThrottledThenCutOffWhileOthersCarryOn() throws Exception {
        server(s -> {
            s.setRateLimitPerSecond(5);
            s.setRateLimitBurst(10);
        });
        var bystanders = new Bystanders();
        var flooder = keep(server.tcpAs(server.user("flood"), "d"));
        // A burst over the limit costs dropped frames; flooding on for over a second costs the connection.
        long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        for (int i = 0; System.nanoTime() < until && !flooder.isClosed(); i++) {
            flooder.send(frame("ping", "id", "f" + i).toString());
            Thread.sleep(5);
        }
        int pongs = 0;
        boolean limited = false;
        while (true) {
            JsonNode answer = flooder.poll(f -> true, Duration.ofSeconds(3)).orElse(null);
            if (answer == null) {
                break;
            }
            if (answer.get("type").asText().equals("pong")) {
                pongs++;
            } else {
                assertError(answer, "rate_limited");
                limited = true;
            }
        }
        assertThat(pongs).as("a burst of 10, then 5 a second").isBetween(10, 25);
        assertThat(limited).isTrue();
        flooder.awaitClosed();
        // The bystanders' own budget is untouched by the flooder's.
        bystanders.chat();
    }

    @Test
    void aReaderThatNeverReadsIsCutOffAndItsMessagesWaitInTheStore() throws Exception {
        server(s -> {
            s.setOutboundHighWaterMark(64 * 1024);
            s.setSlowConsumerTimeout(Duration.ofSeconds(1));
            s.setRateLimitPerSecond(10_000);
            s.setRateLimitBurst(10_000);
        });
        var bystanders = new Bystanders();
        var sender = server.user("sender");
        var sleeper = server.user("sleeper");
        // The sleeper authenticates, then never reads: a raw socket with a tiny receive buffer.
        var socket = keep(new Socket());
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", server.tcpPort()));
        byte[] auth = frame("auth", "token", sleeper.token(), "device", "d").toString().getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(ByteBuffer.allocate(4 + auth.length).putInt(auth.length).put(auth).array());

        var senderClient = keep(server.tcpAs(sender, "d"));
        String body = "y".repeat(40_000);
        var acked = new ArrayList<String>();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.node().connections().isConnected(sleeper.name()));
        // Kernel buffers on loopback hold megabytes; keep sending until the server gives up on the sleeper.
        for (int i = 0; server.node().connections().isConnected(sleeper.name()); i++) {
            assertThat(i).as("messages sent before the sleeper was cut off").isLessThan(5000);
            JsonNode ack = senderClient.request("m" + i, frame("send", "to", sleeper.name(), "clientMsgId", "m" + i,
                    "content", Map.of("text", body + i)));
            assertThat(ack.get("type").asText()).as(ack.toString()).isEqualTo("ack");
            acked.add(ack.get("msgId").asText());
        }
        // The server has given up on the sleeper: draining its socket ends in end-of-stream.
        socket.setSoTimeout(15_000);
        assertThat(drainToEnd(socket.getInputStream())).isTrue();
        bystanders.chat();

        try (TcpChatClient awake = server.tcpAs(sleeper, "d")) {
            var stored = new ArrayList<String>();
            long after = 0;
            String conversation = "dm:" + (sender.name().compareTo(sleeper.name()) < 0
                    ? sender.name() + ":" + sleeper.name() : sleeper.name() + ":" + sender.name());
            while (true) {
                JsonNode page = awake.request("p" + after, frame("sync", "conversation", conversation,
                        "afterSeq", after, "limit", 100));
                for (JsonNode message : page.get("messages")) {
                    stored.add(message.get("msgId").asText());
                    after = message.get("seq").asLong();
                }
                if (!page.get("hasMore").asBoolean()) {
                    break;
                }
            }
            assertThat(stored).containsExactlyElementsOf(acked);
        }
    }

    /** Reads until the server closes; true if it did (end of stream or reset) before the timeout. */
    private static boolean drainToEnd(InputStream in) {
        byte[] buffer = new byte[64 * 1024];
        try {
            while (in.read(buffer) >= 0) {
                // keep reading what was buffered before the close
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
