package dev.gatewise.im;

import dev.gatewise.im.config.ChatSettings;
import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.protocol.ClientFrame;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.session.TokenService;
import dev.gatewise.im.testing.ChatClient;
import dev.gatewise.im.testing.RawWebSocket;
import dev.gatewise.im.testing.TcpChatClient;
import dev.gatewise.im.testing.TestServer;
import dev.gatewise.im.testing.WsChatClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input gets a clear error frame or a close with a reason, and the server goes on
 * serving everyone else. In every test two bystanders (one on TCP, one on WebSocket) connect before the
 * bad input and chat before and after it: each gets a pong, each message is acknowledged and pushed to
 * the other, and a sync from the start still returns every message acknowledged so far, in order.
 *
 * <p>Tests that need the same limits share one server ({@link Limits}); every test has its own users.
 */
class BadInputTest {
    private static final int MAX_FRAME = new ChatSettings().getMaxFrameBytes();
    private static final int MAX_BAD_FRAMES = new ChatSettings().getMaxBadFrames();
    private static final Duration TOKEN_TTL = Duration.ofMillis(300);
    private static final Duration BAD_FRAME_DECAY = Duration.ofMillis(100);
    private static final int RATE = 5;
    private static final int BURST = 10;

    /** The limits a test needs; the tests of one kind share a server, started by the first of them. */
    enum Limits {
        DEFAULTS(settings -> {}),
        SHORT_IDLE_TIMEOUT(settings -> settings.setIdleTimeout(Duration.ofSeconds(1))),
        FAST_BAD_FRAME_DECAY(settings -> settings.setBadFrameDecay(BAD_FRAME_DECAY)),
        SHORT_AUTH_TIMEOUT(settings -> settings.setAuthTimeout(Duration.ofSeconds(1))),
        SHORT_LIVED_TOKENS(settings -> settings.setTokenTtl(TOKEN_TTL)),
        TIGHT_RATE_LIMIT(settings -> {
            settings.setRateLimitPerSecond(RATE);
            settings.setRateLimitBurst(BURST);
        }),
        SMALL_OUTBOUND_BUFFER(settings -> {
            settings.setOutboundHighWaterMark(64 * 1024);
            settings.setSlowConsumerTimeout(Duration.ofSeconds(1));
            // Far more than the test sends, however fast it goes: no send is ever rate-limited.
            settings.setRateLimitPerSecond(100_000);
            settings.setRateLimitBurst(200_000);
        });

        final Consumer<ChatSettings> settings;

        Limits(Consumer<ChatSettings> settings) {
            this.settings = settings;
        }

        ChatSettings applied() {
            var applied = new ChatSettings();
            settings.accept(applied);
            return applied;
        }
    }

    private static final Map<Limits, TestServer> SERVERS = new EnumMap<>(Limits.class);

    private TestServer server;
    private ChatSettings settings;
    private final List<AutoCloseable> open = new ArrayList<>();

    /** The shared server with these limits, for this test. */
    private TestServer serverWith(Limits limits) throws IOException {
        settings = limits.applied();
        server = SERVERS.get(limits);
        if (server == null) {
            server = new TestServer(limits.settings);
            SERVERS.put(limits, server);
        }
        return server;
    }

    @AfterEach
    void closeClients() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    @AfterAll
    static void stopServers() {
        SERVERS.values().forEach(TestServer::close);
        SERVERS.clear();
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private TcpChatClient tcp() throws IOException {
        return keep(server.tcp());
    }

    private WsChatClient ws() {
        return keep(server.ws());
    }

    private TcpChatClient tcpAs(TestServer.User user, String device) throws IOException {
        return keep(server.tcpAs(user, device));
    }

    private WsChatClient wsAs(TestServer.User user, String device) {
        return keep(server.wsAs(user, device));
    }

    @Test
    void malformedJsonGetsAnErrorAndTheConnectionStaysUsable() throws Exception {
        serverWith(Limits.DEFAULTS);
        var bystanders = new Bystanders();
        var user = server.user("sloppy");
        for (ChatClient client : List.of(tcpAs(user, "tcp"), wsAs(user, "ws"))) {
            for (String bad : List.of("{\"type\": \"ping\", ", "[1, 2, 3]", "\"ping\"", "null", "",
                    "{'type': 'ping'}", "{\"type\":\"ping\"} {\"type\":\"ping\"}")) {
                client.send(bad);
                assertError(client.next(), "malformed_json");
            }
            assertUsable(client);
        }
        bystanders.chat();
    }

    @Test
    void anUnknownFrameTypeIsNamedAndAnsweredWithTheRequestId() throws Exception {
        serverWith(Limits.DEFAULTS);
        var bystanders = new Bystanders();
        var user = server.user("odd");
        for (ChatClient client : List.of(tcpAs(user, "tcp"), wsAs(user, "ws"))) {
            JsonNode unknown = client.request("u1", frame("dance"));
            assertError(unknown, "unknown_type", "u1");
            assertThat(unknown.get("message").asText()).contains("dance");
            // Type names are exact.
            assertError(client.request("u2", frame("PING")), "unknown_type", "u2");
            assertUsable(client);
        }
        bystanders.chat();
    }

    @Test
    void missingAndWrongTypedFieldsAreInvalidAndNothingIsStored() throws Exception {
        serverWith(Limits.DEFAULTS);
        var bystanders = new Bystanders();
        var user = server.user("careless");
        String peer = bystanders.bob.name();
        var tcp = tcpAs(user, "tcp");
        var ws = wsAs(user, "ws");
        for (ChatClient client : List.of(tcp, ws)) {
            JsonNode missing = client.request("m1", frame("send", "to", peer,
                    "content", Map.of("text", "no client id")));
            assertError(missing, "invalid_field", "m1");
            assertThat(missing.get("message").asText()).contains("clientMsgId");

            // No coercion: a number in a string is a string.
            JsonNode wrongType = client.request("w1", frame("sync", "conversation", "dm:a:b", "afterSeq", "5"));
            assertError(wrongType, "invalid_field", "w1");
            assertThat(wrongType.get("message").asText()).contains("afterSeq");
            // ...nor is a number or a boolean a string, nor a fraction an integer.
            for (Object clientMsgId : List.of(5, true, 1.5)) {
                JsonNode coerced = client.request("c1", frame("send", "to", peer, "clientMsgId", clientMsgId,
                        "content", Map.of("text", "coerced")));
                assertError(coerced, "invalid_field", "c1");
                assertThat(coerced.get("message").asText()).contains("clientMsgId");
            }
            JsonNode fraction = client.request("f1", frame("sync", "conversation", "dm:a:b", "afterSeq", 1.5));
            assertError(fraction, "invalid_field", "f1");
            assertThat(fraction.get("message").asText()).contains("afterSeq");
            assertError(client.request("p1", frame("presence", "users", List.of(5))), "invalid_field", "p1");
            assertUsable(client);
        }
        JsonNode seq = tcp.request("w2", frame("delivered", "conversation", "dm:a:b", "seq", "abc"));
        assertError(seq, "invalid_field", "w2");
        assertThat(seq.get("message").asText()).contains("seq");
        assertError(tcp.request("w3", frame("read", "conversation", "dm:a:b")), "invalid_field", "w3");
        assertError(tcp.request("w4", frame("presence", "users", peer)), "invalid_field", "w4");
        assertError(tcp.request("w5", frame("send", "to", peer, "clientMsgId", "c", "content", "hi")),
                "invalid_field", "w5");
        assertError(tcp.request("w6", FrameJson.MAPPER.createObjectNode().put("seq", 1)), "invalid_field", "w6");
        // An id that is not a string cannot be echoed.
        tcp.send("{\"type\": \"ping\", \"id\": 5}");
        JsonNode badId = tcp.next();
        assertError(badId, "invalid_field");
        assertThat(badId.path("id").isTextual()).isFalse();
        assertUsable(tcp);

        // Content nested deeper than a frame can carry it to its readers is refused (it used to be stored, and
        // then neither pushed nor synced: no frame holding it could be encoded); as deep as allowed is fine.
        for (int depth : List.of(ClientFrame.MAX_CONTENT_DEPTH + 1, 990)) {
            JsonNode tooDeep = ws.request("deep-" + depth, send(peer, "deep-" + depth, nested(depth)));
            assertError(tooDeep, "invalid_field", "deep-" + depth);
            assertThat(tooDeep.get("message").asText()).contains("content");
        }
        assertUsable(ws);
        JsonNode deepest = ws.request("ok", send(peer, "deepest", nested(ClientFrame.MAX_CONTENT_DEPTH)));
        assertThat(deepest.get("type").asText()).as(deepest.toString()).isEqualTo("ack");
        String msgId = deepest.get("msgId").asText();
        assertThat(bystanders.bobClient.await(f -> msgId.equals(f.at("/message/msgId").asText()))).isNotNull();

        // The refused sends stored nothing: the only message of the conversation is the last one.
        String conversation = ConversationId.direct(user.name(), peer).value();
        for (ChatClient reader : List.of(ws, bystanders.bobClient)) {
            JsonNode sync = reader.request("sync-deep", frame("sync", "conversation", conversation));
            assertThat(sync.get("messages")).hasSize(1);
            assertThat(sync.at("/messages/0/msgId").asText()).isEqualTo(msgId);
        }
        bystanders.chat();
    }

    @Test
    void aFrameOverTheLimitClosesTheConnection() throws Exception {
        serverWith(Limits.DEFAULTS);
        var bystanders = new Bystanders();
        var user = server.user("big");

        var tcp = tcpAs(user, "tcp");
        tcp.send(pingOfSize(MAX_FRAME, "at-limit"));
        assertThat(tcp.await(f -> "at-limit".equals(f.path("id").asText())).get("type").asText()).isEqualTo("pong");
        tcp.send(pingOfSize(MAX_FRAME + 1, "over"));
        JsonNode refused = tcp.next();
        assertError(refused, "frame_too_large");
        tcp.awaitClosed();

        var ws = wsAs(user, "ws");
        ws.send(pingOfSize(MAX_FRAME, "at-limit"));
        assertThat(ws.await(f -> "at-limit".equals(f.path("id").asText())).get("type").asText()).isEqualTo("pong");
        ws.send(pingOfSize(MAX_FRAME + 1, "over"));
        assertError(ws.next(), "frame_too_large");
        ws.awaitClosed();
        assertThat(ws.closeCode()).as("WebSocket close status").isEqualTo(1009);
        bystanders.chat();
    }

    @Test
    void invalidUtf8IsAnErrorOnTcpAndACloseOnWebSocket() throws Exception {
        serverWith(Limits.DEFAULTS);
        var bystanders = new Bystanders();
        var tcp = tcpAs(server.user("bytes"), "tcp");
        tcp.sendRaw(bytes("{\"type\":\"", new byte[] {(byte) 0xff, (byte) 0xfe}, "\"}"));
        assertError(tcp.next(), "invalid_utf8");
        // A UTF-16 surrogate encoded as if it were a character (CESU-8) is not UTF-8 either.
        tcp.sendRaw(bytes("{\"type\":\"ping\",\"id\":\"", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, "\"}"));
        assertError(tcp.next(), "invalid_utf8");
        assertUsable(tcp);

        // No WebSocket client library sends a text frame that is not UTF-8: speak the protocol by hand.
        try (var ws = new RawWebSocket("127.0.0.1", server.httpPort(), "/ws")) {
            ws.send(1, new byte[] {'{', (byte) 0xc3, (byte) 0x28, '}'});
            assertThat(ws.awaitCloseStatus()).as("WebSocket close status").isEqualTo(1007);
        }
        bystanders.chat();
    }

    @Test
    void aWebSocketBinaryFrameIsRefusedWithoutClosing() throws Exception {
        serverWith(Limits.DEFAULTS);
        var bystanders = new Bystanders();
        var ws = wsAs(server.user("binary"), "ws");
        ws.sendBinary("{\"type\":\"ping\",\"id\":\"b\"}".getBytes(StandardCharsets.UTF_8));
        JsonNode refused = ws.next();
        assertError(refused, "malformed_json");
        assertThat(refused.get("message").asText()).contains("text");
        assertUsable(ws);
        bystanders.chat();
    }

    @Test
    void tooManyUndecodableFramesCloseTheConnection() throws Exception {
        serverWith(Limits.DEFAULTS);
        var bystanders = new Bystanders();
        var user = server.user("noisy");

        // Every frame that cannot be decoded counts, whatever is wrong with its bytes.
        var tcp = tcpAs(user, "tcp");
        List<Runnable> bad = List.of(
                () -> tcp.send("nonsense"),
                () -> tcp.sendRaw(new byte[] {'{', (byte) 0xff, '}'}),
                () -> tcp.send("[1, 2]"));
        List<String> codes = List.of("malformed_json", "invalid_utf8", "malformed_json");
        for (int i = 0; i < MAX_BAD_FRAMES - 1; i++) {
            bad.get(i % bad.size()).run();
            assertError(tcp.next(), codes.get(i % codes.size()));
        }
        assertUsable(tcp);
        tcp.send("the last straw");
        assertError(tcp.next(), "too_many_errors");
        tcp.awaitClosed();

        // On WebSocket, binary frames count as undecodable too.
        var ws = wsAs(user, "ws");
        for (int i = 0; i < MAX_BAD_FRAMES - 1; i++) {
            if (i % 2 == 0) {
                ws.sendBinary(new byte[] {1, 2, 3});
            } else {
                ws.send("nonsense " + i);
            }
            assertError(ws.next(), "malformed_json");
        }
        assertUsable(ws);
        ws.sendBinary(new byte[] {4, 5, 6});
        assertError(ws.next(), "too_many_errors");
        ws.awaitClosed();
        bystanders.chat();
    }

    @Test
    void framesThatAreJsonButRefusedNeverCloseAndTheUndecodableCountLeaksAway() throws Exception {
        serverWith(Limits.FAST_BAD_FRAME_DECAY);
        var bystanders = new Bystanders();
        var user = server.user("newer");
        for (ChatClient client : List.of(tcpAs(user, "tcp"), wsAs(user, "ws"))) {
            // A newer client's new frame types and a careless client's bad fields are answered, never cut off.
            for (int i = 0; i < 3 * MAX_BAD_FRAMES; i++) {
                assertError(client.request("n" + i, frame("nope")), "unknown_type", "n" + i);
                assertError(client.request("s" + i, frame("sync")), "invalid_field", "s" + i);
            }
            assertUsable(client);
            // Undecodable frames close only when they come in a burst: a few now and then never add up.
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < MAX_BAD_FRAMES - 1; i++) {
                    client.send("nonsense");
                    assertError(client.next(), "malformed_json");
                }
                Thread.sleep(BAD_FRAME_DECAY.toMillis() * MAX_BAD_FRAMES + 200);
            }
            assertUsable(client);
        }
        bystanders.chat();
    }

    @Test
    void aSecondAuthIsRefusedButTheConnectionStays() throws Exception {
        serverWith(Limits.DEFAULTS);
        var bystanders = new Bystanders();
        var user = server.user("twice");
        for (ChatClient client : List.of(tcpAs(user, "tcp"), wsAs(user, "ws"))) {
            assertError(client.request("again", frame("auth", "token", user.token(), "device", "other")),
                    "already_authenticated", "again");
            assertUsable(client);
        }
        // The same when the second auth follows the first without waiting for its answer.
        var eager = tcp();
        eager.send(frame("auth", "id", "a1", "token", user.token(), "device", "eager").toString());
        eager.send(frame("auth", "id", "a2", "token", user.token(), "device", "eager").toString());
        eager.send(frame("ping", "id", "p").toString());
        assertThat(eager.await(f -> "a1".equals(f.path("id").asText())).get("type").asText())
                .isEqualTo("auth_ok");
        assertError(eager.await(f -> "a2".equals(f.path("id").asText())), "already_authenticated", "a2");
        assertThat(eager.await(f -> "p".equals(f.path("id").asText())).get("type").asText()).isEqualTo("pong");
        assertUsable(eager);
        bystanders.chat();
    }

    @Test
    void lengthPrefixesThatLie() throws Exception {
        serverWith(Limits.SHORT_IDLE_TIMEOUT);
        var bystanders = new Bystanders();
        var user = server.user("liar");

        // A "negative" length: the prefix is unsigned (docs/protocol.md), so -5 reads as 4 GiB - 5, over
        // the limit, and is refused as soon as it is read.
        var negative = tcpAs(user, "negative");
        negative.writeBytes(ByteBuffer.allocate(4).putInt(-5).array());
        assertError(negative.next(), "frame_too_large");
        negative.awaitClosed();

        // More promised than sent, then silence: an incomplete frame is no sign of life; the idle timeout ends it.
        var promise = tcpAs(user, "promise");
        promise.writeBytes(ByteBuffer.allocate(4 + 5).putInt(100).put(ascii("{\"ty\"")).array());
        assertError(promise.next(), "idle_timeout");
        promise.awaitClosed();

        // Less promised than sent: the rest of the JSON is read as the next length prefix, which text
        // makes huge: the frame is refused and the stream cut off.
        var truncated = tcpAs(user, "truncated");
        byte[] json = ascii("{\"type\":\"ping\",\"id\":\"p\"}");
        truncated.writeBytes(ByteBuffer.allocate(4 + json.length).putInt(6).put(json).array());
        assertError(truncated.next(), "malformed_json");
        assertError(truncated.next(), "frame_too_large");
        truncated.awaitClosed();

        // Less promised than sent, and the rest reads as small frames (a zero-filled buffer sent whole):
        // each is an error, until too many close the connection.
        var padded = tcpAs(user, "padded");
        byte[] ping = ascii("{\"type\":\"ping\",\"id\":\"padded\"}");
        padded.writeBytes(ByteBuffer.allocate(4 + ping.length + 4 * MAX_BAD_FRAMES).putInt(ping.length).put(ping)
                .array());
        padded.awaitClosed();
        List<JsonNode> errors = errorsReceived(padded);
        assertThat(errors).hasSize(MAX_BAD_FRAMES);
        errors.subList(0, MAX_BAD_FRAMES - 1).forEach(error -> assertError(error, "malformed_json"));
        assertError(errors.get(MAX_BAD_FRAMES - 1), "too_many_errors");
        bystanders.chat();
    }

    @Test
    void framesBeforeAuthAndConnectionsThatNeverSignInAreClosed() throws Exception {
        serverWith(Limits.SHORT_AUTH_TIMEOUT);
        var bystanders = new Bystanders();
        var early = tcp();
        early.send(frame("ping", "id", "too-soon").toString());
        assertError(early.next(), "not_authenticated", "too-soon");
        early.awaitClosed();

        var earlyWs = ws();
        earlyWs.send(frame("send", "id", "eager", "to", bystanders.bob.name(), "clientMsgId", "x",
                "content", Map.of("text", "let me in")).toString());
        assertError(earlyWs.next(), "not_authenticated", "eager");
        earlyWs.awaitClosed();

        var silentTcp = tcp();
        var silentWs = ws();
        // Anything but a valid auth first is the end, undecodable frames too.
        for (ChatClient garbling : List.of(tcp(), ws())) {
            garbling.send("hello?");
            assertError(garbling.next(), "malformed_json");
            garbling.awaitClosed();
        }
        for (ChatClient client : List.of(silentTcp, silentWs)) {
            assertError(client.next(), "auth_timeout");
            client.awaitClosed();
        }
        bystanders.chat();
    }

    @Test
    void badAndExpiredTokensAreRefusedAndTheConnectionClosed() throws Exception {
        serverWith(Limits.SHORT_LIVED_TOKENS);
        var bystanders = new Bystanders();
        for (ChatClient client : List.of(tcp(), ws())) {
            client.send(frame("auth", "id", "a", "token", "not-a-token", "device", "d").toString());
            assertError(client.next(), "auth_failed", "a");
            client.awaitClosed();
        }
        // A token that is not even a token (a number, over 512 characters) closes too, as the docs say.
        for (Object malformed : List.of(5, "x".repeat(600))) {
            for (ChatClient client : List.of(tcp(), ws())) {
                client.send(frame("auth", "id", "m", "token", malformed, "device", "d").toString());
                assertError(client.next(), "invalid_field", "m");
                client.awaitClosed();
            }
        }

        var tcpUser = server.user("brief");
        var wsUser = server.user("brief");
        long loggedInBy = System.currentTimeMillis();
        await().atMost(TOKEN_TTL.multipliedBy(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> System.currentTimeMillis() > loggedInBy + TOKEN_TTL.toMillis());
        var tcp = tcp();
        var ws = ws();
        tcp.send(frame("auth", "id", "late", "token", tcpUser.token(), "device", "d").toString());
        ws.send(frame("auth", "id", "late", "token", wsUser.token(), "device", "d").toString());
        for (ChatClient client : List.of(tcp, ws)) {
            assertError(client.next(), "token_expired", "late");
            client.awaitClosed();
        }
        bystanders.chat();
    }

    @Test
    void aFloodIsThrottledThenCutOffWhileOthersCarryOn() throws Exception {
        serverWith(Limits.TIGHT_RATE_LIMIT);
        var bystanders = new Bystanders();
        var flooder = tcpAs(server.user("flood"), "d");
        var flooding = Executors.newSingleThreadExecutor();
        keep(flooding::shutdownNow);
        long started = System.nanoTime();
        // About 40 times the rate, for as long as the server lets it (bounded, should it never stop it).
        Future<Integer> sent = flooding.submit(() -> {
            int i = 0;
            while (!flooder.isClosed() && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20)) {
                flooder.send(frame("ping", "id", "f" + i++).toString());
                Thread.sleep(5);
            }
            return i;
        });
        // While the flood goes on, the bystanders chat as ever: the flooder's budget is its own.
        bystanders.chat();
        flooder.awaitClosed();
        double floodSeconds = (System.nanoTime() - started) / 1e9;
        assertThat(sent.get(10, TimeUnit.SECONDS)).isGreaterThan(BURST + RATE);

        int pongs = 0;
        int limited = 0;
        for (JsonNode answer : everythingReceived(flooder)) {
            if (answer.get("type").asText().equals("pong")) {
                pongs++;
            } else {
                assertError(answer, "rate_limited");
                limited++;
            }
        }
        // The burst (less the auth frame), then the sustained rate; at most one error a second, and the last.
        assertThat(pongs).as("pongs in %.1f s", floodSeconds)
                .isBetween(BURST - 1, BURST + (int) Math.ceil(RATE * floodSeconds));
        assertThat(limited).as("rate_limited errors in %.1f s", floodSeconds)
                .isBetween(1, (int) Math.ceil(floodSeconds) + 2);
        bystanders.chat();
    }

    @Test
    void aReaderThatNeverReadsIsCutOffAndItsMessagesWaitInTheStore() throws Exception {
        serverWith(Limits.SMALL_OUTBOUND_BUFFER);
        var bystanders = new Bystanders();
        var sender = server.user("sender");
        var sleeper = server.user("sleeper");
        // The sleeper signs in, then never reads: a raw socket with a tiny receive buffer.
        var socket = keep(new Socket());
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", server.tcpPort()));
        byte[] auth = frame("auth", "token", sleeper.token(), "device", "d").toString()
                .getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(ByteBuffer.allocate(4 + auth.length).putInt(auth.length).put(auth).array());
        await().atMost(ChatClient.WAIT).until(() -> server.node().connections().isConnected(sleeper.name()));

        var senderClient = tcpAs(sender, "d");
        String body = "y".repeat(40_000);
        var acked = new ArrayList<String>();
        // Kernel buffers hold a lot even on a tiny window; keep sending until the server gives up on the sleeper,
        // which it must within its slow-consumer timeout (1 s) of the buffer filling. Bounded by time, not by a
        // count: a fast store acks thousands of messages within that second.
        long giveUp = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (server.node().connections().isConnected(sleeper.name())) {
            assertThat(System.nanoTime()).as("the sleeper is cut off within 15 s").isLessThan(giveUp);
            acked.add(sendAcked(senderClient, sleeper, "m" + acked.size(), body));
        }
        // The sender was never held up, and goes on sending to the absent sleeper.
        for (int i = 0; i < 3; i++) {
            acked.add(sendAcked(senderClient, sleeper, "m" + acked.size(), body));
        }
        assertThat(senderClient.isClosed()).isFalse();
        assertUsable(senderClient);
        // The server has closed the sleeper's socket: reading it through ends in end-of-stream.
        socket.setSoTimeout(15_000);
        assertThat(drainToEnd(socket.getInputStream())).as("sleeper's socket closed by the server").isTrue();
        bystanders.chat();

        // Back again, the sleeper finds every acknowledged message in the store, in order.
        var awake = tcpAs(sleeper, "d");
        String conversation = ConversationId.direct(sender.name(), sleeper.name()).value();
        var stored = new ArrayList<String>();
        long after = 0;
        while (true) {
            JsonNode page = awake.request("p" + after, frame("sync", "conversation", conversation,
                    "afterSeq", after, "limit", 100));
            for (JsonNode message : page.get("messages")) {
                assertThat(message.get("seq").asLong()).isGreaterThan(after);
                stored.add(message.get("msgId").asText());
                after = message.get("seq").asLong();
            }
            if (!page.get("hasMore").asBoolean()) {
                break;
            }
        }
        assertThat(stored).containsExactlyElementsOf(acked);
        // And is pushed to again.
        String welcome = sendAcked(senderClient, sleeper, "welcome", "welcome back");
        assertThat(awake.await(f -> welcome.equals(f.at("/message/msgId").asText()))).isNotNull();
    }

    private String sendAcked(ChatClient client, TestServer.User to, String clientMsgId, String text) {
        JsonNode ack = client.request(clientMsgId, frame("send", "to", to.name(), "clientMsgId", clientMsgId,
                "content", Map.of("text", text)));
        assertThat(ack.get("type").asText()).as(ack.toString()).isEqualTo("ack");
        return ack.get("msgId").asText();
    }

    /** A user for the bystanders, who stay signed in for the whole test, whatever the server's token lifetime. */
    private TestServer.User bystanderUser(String prefix) {
        var user = server.user(prefix);
        if (settings.getTokenTtl().compareTo(Duration.ofMinutes(1)) >= 0) {
            return user;
        }
        return new TestServer.User(user.name(),
                new TokenService(server.stores().tokens(), Duration.ofHours(1), server.stores().bus()).issue(user.name()).token());
    }

    /** Two users connected before the bad input arrives (one on TCP, one on WebSocket); they must not notice it. */
    private final class Bystanders {
        final TestServer.User alice = bystanderUser("alice");
        final TestServer.User bob = bystanderUser("bob");
        final TcpChatClient aliceClient;
        final WsChatClient bobClient;
        final String conversation = ConversationId.direct(alice.name(), bob.name()).value();
        final List<String> acked = new ArrayList<>();

        Bystanders() throws IOException {
            aliceClient = tcpAs(alice, "phone");
            bobClient = wsAs(bob, "browser");
            Duration idleTimeout = settings.getIdleTimeout();
            if (idleTimeout.compareTo(Duration.ofSeconds(10)) < 0) {
                // A server with a short idle timeout: the bystanders keep their connections alive.
                var keepAlive = Executors.newSingleThreadScheduledExecutor();
                long every = idleTimeout.toMillis() / 4;
                keepAlive.scheduleAtFixedRate(() -> {
                    aliceClient.send(frame("ping").toString());
                    bobClient.send(frame("ping").toString());
                }, every, every, TimeUnit.MILLISECONDS);
                keep(keepAlive::shutdownNow);
            }
            chat();
        }

        /** Both get pongs; one messages the other (by turns), is acknowledged and pushed; nothing is lost. */
        void chat() {
            int n = acked.size();
            assertThat(aliceClient.request("alive-" + n, frame("ping")).get("type").asText()).isEqualTo("pong");
            assertThat(bobClient.request("alive-" + n, frame("ping")).get("type").asText()).isEqualTo("pong");
            ChatClient from = n % 2 == 0 ? aliceClient : bobClient;
            ChatClient to = n % 2 == 0 ? bobClient : aliceClient;
            String text = "still here " + n;
            JsonNode ack = from.request("send-" + n, frame("send", "to", (n % 2 == 0 ? bob : alice).name(),
                    "clientMsgId", "bystander-" + n, "content", Map.of("text", text)));
            assertThat(ack.get("type").asText()).as(ack.toString()).isEqualTo("ack");
            assertThat(ack.get("conversation").asText()).isEqualTo(conversation);
            String msgId = ack.get("msgId").asText();
            acked.add(msgId);
            JsonNode push = to.await(f -> "push".equals(f.path("type").asText())
                    && msgId.equals(f.at("/message/msgId").asText()));
            assertThat(push.at("/message/content/text").asText()).isEqualTo(text);
            for (ChatClient reader : List.of(aliceClient, bobClient)) {
                JsonNode sync = reader.request("sync-" + n, frame("sync", "conversation", conversation));
                var stored = new ArrayList<String>();
                sync.get("messages").forEach(m -> stored.add(m.get("msgId").asText()));
                assertThat(stored).as("acknowledged messages in the store").containsExactlyElementsOf(acked);
            }
        }
    }

    static void assertError(JsonNode frame, String code) {
        assertThat(frame.get("type").asText()).as(frame.toString()).isEqualTo("error");
        assertThat(frame.get("code").asText()).as(frame.toString()).isEqualTo(code);
        assertThat(frame.get("message").asText()).as(frame.toString()).isNotBlank();
    }

    static void assertError(JsonNode frame, String code, String requestId) {
        assertError(frame, code);
        assertThat(frame.path("id").asText(null)).as(frame.toString()).isEqualTo(requestId);
    }

    /** The connection is open and answers. */
    static void assertUsable(ChatClient client) {
        String id = "usable-" + System.nanoTime();
        assertThat(client.request(id, frame("ping")).get("type").asText()).isEqualTo("pong");
        assertThat(client.isClosed()).isFalse();
    }

    static ObjectNode send(String to, String clientMsgId, ObjectNode content) {
        return frame("send", "to", to, "clientMsgId", clientMsgId, "content", content);
    }

    /** Text message content that nests {@code depth} levels deep, counting itself. */
    static ObjectNode nested(int depth) {
        ObjectNode content = FrameJson.MAPPER.createObjectNode().put("text", depth + " levels deep");
        ObjectNode level = content;
        for (int i = 1; i < depth; i++) {
            level = level.putObject("inner");
        }
        return content;
    }

    /** A ping frame of exactly {@code size} bytes. */
    static String pingOfSize(int size, String id) {
        String empty = "{\"type\":\"ping\",\"id\":\"" + id + "\",\"pad\":\"\"}";
        String json = "{\"type\":\"ping\",\"id\":\"" + id + "\",\"pad\":\"" + "x".repeat(size - empty.length()) + "\"}";
        assertThat(json.getBytes(StandardCharsets.UTF_8)).hasSize(size);
        return json;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] bytes(String before, byte[] middle, String after) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(ascii(before));
        out.writeBytes(middle);
        out.writeBytes(ascii(after));
        return out.toByteArray();
    }

    /** Everything a closed client received and no test step has taken yet, in order. */
    static List<JsonNode> everythingReceived(ChatClient closed) {
        assertThat(closed.isClosed()).isTrue();
        var frames = new ArrayList<JsonNode>();
        for (var next = closed.poll(f -> true, Duration.ofMillis(100)); next.isPresent();
                next = closed.poll(f -> true, Duration.ofMillis(100))) {
            frames.add(next.get());
        }
        return frames;
    }

    static List<JsonNode> errorsReceived(ChatClient closed) {
        return everythingReceived(closed).stream().filter(f -> "error".equals(f.path("type").asText())).toList();
    }

    /** Reads until the server closes; true if it did (end of stream or reset) before the read timeout. */
    static boolean drainToEnd(InputStream in) {
        byte[] buffer = new byte[64 * 1024];
        try {
            while (in.read(buffer) >= 0) {
                // what was buffered before the close
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
