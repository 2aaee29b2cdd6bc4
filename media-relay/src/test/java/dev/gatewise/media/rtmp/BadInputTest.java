package dev.gatewise.media.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatewise.media.rtmp.chunk.ControlMessages;
import dev.gatewise.media.rtmp.chunk.MessageType;
import dev.gatewise.media.rtmp.chunk.RtmpMessage;
import dev.gatewise.media.rtmp.session.Command;
import dev.gatewise.media.testing.Ffmpeg;
import dev.gatewise.media.testing.RawRtmpClient;
import dev.gatewise.media.testing.RecordingAppender;
import dev.gatewise.media.testing.RecordingSink;
import dev.gatewise.media.testing.TestRelay;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whatever arrives on the port, the connection that sent it is closed with a logged reason and the server carries on.
 * Each test ends by checking that a real publisher still gets through.
 */
class BadInputTest {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static TestRelay relay;

    @BeforeAll
    static void start() {
        RtmpSettings settings = new RtmpSettings();
        settings.setHandshakeTimeout(Duration.ofSeconds(1));
        relay = new TestRelay(settings);
    }

    @AfterAll
    static void stop() throws Exception {
        Ffmpeg publisher = Ffmpeg.publishTestCard(relay.url("after?token=good"), 1, false);
        assertThat(publisher.waitFor(Duration.ofSeconds(30))).as(publisher.output()).isZero();
        await().atMost(CLOSE_WAIT).until(() -> relay.sinks.latest("after").map(s -> s.endCount() == 1).orElse(false));
        assertThat(relay.sinks.latest("after").orElseThrow().videoFrames()).isNotEmpty();
        relay.close();
    }

    @Test
    void garbageIsNotRtmp() throws Exception {
        try (var client = new RawRtmpClient(relay.port())) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.closedByServer(CLOSE_WAIT)).isTrue();
        }
        awaitWarning("not an RTMP client: first byte 0x47");
    }

    @Test
    void truncatedHandshakeIsLogged() throws Exception {
        try (var client = new RawRtmpClient(relay.port())) {
            byte[] partial = new byte[100];
            partial[0] = 3;
            client.send(partial);
        }
        awaitWarning("closed during the handshake, 100 of 1537 bytes of C0+C1 received");
    }

    @Test
    void stalledHandshakeTimesOut() throws Exception {
        try (var client = new RawRtmpClient(relay.port())) {
            byte[] partial = new byte[100];
            partial[0] = 3;
            client.send(partial);
            assertThat(client.closedByServer(CLOSE_WAIT)).isTrue();
        }
        awaitWarning("handshake not completed within 1000 ms");
    }

    @Test
    void absurdChunkSizesAreRefused() throws Exception {
        for (int size : new int[] {0, 16 * 1024 * 1024 + 1, Integer.MAX_VALUE}) {
            try (var client = new RawRtmpClient(relay.port())) {
                client.handshake();
                client.message(ControlMessages.setChunkSize(size));
                assertThat(client.closedByServer(CLOSE_WAIT)).as("chunk size %d", size).isTrue();
            }
            awaitWarning("absurd chunk size " + size);
        }
        // -1 as a 32-bit field: the top bit set.
        try (var client = new RawRtmpClient(relay.port())) {
            client.handshake();
            client.message(ControlMessages.setChunkSize(-1));
            assertThat(client.closedByServer(CLOSE_WAIT)).isTrue();
        }
        awaitWarning("absurd chunk size 4294967295");
    }

    @Test
    void absurdMessageLengthIsRefused() throws Exception {
        try (var client = new RawRtmpClient(relay.port())) {
            client.handshake();
            // Type 0 header on chunk stream 3: timestamp 0, length 16 MiB - 1, type 20, stream 0; then a few bytes.
            client.send(new byte[] {3, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 20, 0, 0, 0, 0, 2, 0, 7});
            assertThat(client.closedByServer(CLOSE_WAIT)).isTrue();
        }
        awaitWarning("message of 16777215 bytes exceeds the limit of 4194304");
    }

    @Test
    void tooManyChunkStreamsAreRefused() throws Exception {
        try (var client = new RawRtmpClient(relay.port())) {
            client.handshake();
            // 40 messages of 200 bytes, each left at its first 128-byte chunk, on chunk streams 3 to 42.
            for (int csid = 3; csid < 43; csid++) {
                byte[] chunk = new byte[12 + 128];
                chunk[0] = (byte) csid;
                chunk[6] = (byte) 200;
                chunk[7] = 20;
                client.send(chunk);
            }
            assertThat(client.closedByServer(CLOSE_WAIT)).isTrue();
        }
        awaitWarning("more than 32 chunk streams");
    }

    @Test
    void chunkStreamStartingWithoutAFullHeaderIsRefused() throws Exception {
        try (var client = new RawRtmpClient(relay.port())) {
            client.handshake();
            client.send(new byte[] {(byte) 0xC5, 1, 2, 3});
            assertThat(client.closedByServer(CLOSE_WAIT)).isTrue();
        }
        awaitWarning("chunk stream 5 starts with a type 3 header");
    }

    @Test
    void unknownCommandsAreAnsweredOrIgnoredAndTheConnectionGoesOn() throws Exception {
        double before = relay.counter("gatewise.rtmp.commands.unknown");
        try (var client = new RawRtmpClient(relay.port())) {
            client.connect();
            client.command(0, "launchMissiles", null, "now");
            Command error = client.awaitCommand("_error");
            assertThat(RawRtmpClient.information(error)).containsEntry("code", "NetConnection.Call.Failed");
            client.commandWithId(0, "fireAndForget", 0, null);
            client.command(0, "createStream", null);
            assertThat(client.awaitCommand("_result").arguments()).containsExactly(1.0);
        }
        assertThat(relay.counter("gatewise.rtmp.commands.unknown")).isEqualTo(before + 2);
    }

    @Test
    void commandsBeforeConnectAreRefused() throws Exception {
        try (var client = new RawRtmpClient(relay.port())) {
            client.handshake();
            client.command(0, "publish", null, "sneaky?token=good", "live");
            assertThat(client.closedByServer(CLOSE_WAIT)).isTrue();
        }
        awaitWarning("command 'publish' before connect");
        assertThat(relay.registry.isLive("sneaky")).isFalse();
    }

    @Test
    void otherApplicationsAreRejected() throws Exception {
        try (var client = new RawRtmpClient(relay.port())) {
            client.handshake();
            client.command(0, "connect", Map.of("app", "vod", "tcUrl", "rtmp://127.0.0.1/vod"));
            Command error = client.awaitCommand("_error");
            assertThat(RawRtmpClient.information(error)).containsEntry("code", "NetConnection.Connect.Rejected");
            assertThat(client.closedByServer(CLOSE_WAIT)).isTrue();
        }
    }

    @Test
    void deeplyNestedAmfIsRefused() throws Exception {
        Map<String, Object> nested = new HashMap<>();
        Map<String, Object> innermost = nested;
        for (int i = 0; i < 100; i++) {
            Map<String, Object> next = new HashMap<>();
            innermost.put("a", next);
            innermost = next;
        }
        try (var client = new RawRtmpClient(relay.port())) {
            client.connect();
            client.command(0, "deep", null, nested);
            assertThat(client.closedByServer(CLOSE_WAIT)).isTrue();
        }
        awaitWarning("AMF0: nested deeper than 16 levels");
    }

    @Test
    void truncatedAmfIsRefused() throws Exception {
        try (var client = new RawRtmpClient(relay.port())) {
            client.handshake();
            // A command message whose string claims 100 bytes and has 3.
            client.send(new byte[] {3, 0, 0, 0, 0, 0, 6, 20, 0, 0, 0, 0, 2, 0, 100, 'a', 'b', 'c'});
            assertThat(client.closedByServer(CLOSE_WAIT)).isTrue();
        }
        awaitWarning("AMF0: truncated data");
    }

    @Test
    void playOfAStreamThatIsNotLiveIsStreamNotFound() throws Exception {
        try (var client = new RawRtmpClient(relay.port())) {
            client.connect();
            client.command(0, "createStream", null);
            client.awaitCommand("_result");
            client.command(1, "play", null, "ghost");
            assertThat(client.awaitStatus()).containsEntry("code", "NetStream.Play.StreamNotFound");
        }
    }

    @Test
    void connectionsPerAddressAreLimited() throws Exception {
        RtmpSettings settings = new RtmpSettings();
        settings.setMaxConnectionsPerAddress(2);
        try (var limited = new TestRelay(settings)) {
            List<Socket> open = new ArrayList<>();
            try {
                open.add(new Socket("127.0.0.1", limited.port()));
                open.add(new Socket("127.0.0.1", limited.port()));
                try (var third = new RawRtmpClient(limited.port())) {
                    assertThat(third.closedByServer(CLOSE_WAIT)).isTrue();
                }
                awaitWarning("too many connections from 127.0.0.1 (2)");
            } finally {
                for (Socket socket : open) {
                    socket.close();
                }
            }
            // Places are given back when connections close.
            await().atMost(CLOSE_WAIT).untilAsserted(() -> {
                try (var client = new RawRtmpClient(limited.port())) {
                    client.connect();
                }
            });
        }
    }

    @Test
    void randomBytesAfterConnectNeverCauseUnexpectedErrors() throws Exception {
        Random random = new Random(20261124);
        for (int round = 0; round < 30; round++) {
            byte[] noise = new byte[1 + random.nextInt(4000)];
            random.nextBytes(noise);
            try (var client = new RawRtmpClient(relay.port())) {
                client.connect();
                client.command(0, "createStream", null);
                client.awaitCommand("_result");
                client.send(noise);
                client.closedByServer(Duration.ofMillis(200));
            }
        }
        assertThat(RecordingAppender.warnings()).noneMatch(w -> w.contains("unexpected error"));
    }

    @Test
    void randomMessagesToAPublishedStreamNeverCauseUnexpectedErrors() throws Exception {
        Random random = new Random(7);
        int[] types = {MessageType.AUDIO, MessageType.VIDEO, MessageType.DATA_AMF0, MessageType.COMMAND_AMF0};
        byte[] tagStarts = {0x17, 0x27, (byte) 0xAF, 0x02, 0x0A, 0x03};
        for (int round = 0; round < 10; round++) {
            String name = "fuzz" + round;
            try (var client = new RawRtmpClient(relay.port())) {
                client.connect();
                client.command(0, "createStream", null);
                client.awaitCommand("_result");
                client.command(1, "publish", null, name + "?token=good", "live");
                assertThat(client.awaitStatus()).containsEntry("code", "NetStream.Publish.Start");
                try {
                    for (int i = 0; i < 50; i++) {
                        byte[] payload = new byte[random.nextInt(300)];
                        random.nextBytes(payload);
                        if (payload.length > 0) {
                            payload[0] = tagStarts[random.nextInt(tagStarts.length)];
                        }
                        client.message(new RtmpMessage(types[random.nextInt(types.length)], 1, i * 40L,
                                Unpooled.wrappedBuffer(payload)));
                    }
                    client.closedByServer(Duration.ofMillis(300));
                } catch (IOException closedByServer) {
                    // The server refused something and hung up: what this test hopes for.
                }
            }
            RecordingSink sink = relay.sinks.latest(name).orElseThrow();
            await().atMost(CLOSE_WAIT).until(() -> sink.endCount() == 1);
        }
        assertThat(RecordingAppender.warnings()).noneMatch(w -> w.contains("unexpected error"));
    }

    private static void awaitWarning(String text) {
        await().atMost(CLOSE_WAIT).untilAsserted(() ->
                assertThat(RecordingAppender.warnings()).anyMatch(w -> w.contains(text)));
    }

}
