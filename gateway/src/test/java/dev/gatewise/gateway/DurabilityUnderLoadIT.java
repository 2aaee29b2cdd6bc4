package dev.gatewise.gateway;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.testing.TcpChatClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kill -9 of the gateway while chat traffic and a 1 GiB tus upload run together, with the CPU and the
 * disk kept busy by other work (spinning threads, a writer forcing its file to disk): the conditions
 * under which an upload's reported offset once went backwards. Twice per run: every acknowledged
 * message is there exactly once with gapless numbers, every offset HEAD reported is at or below the
 * offset after the restart, and the finished file has the SHA-256 of the bytes sent. For each setting
 * that promises kill -9 safety: fsync off (the default), and fsync on for the store and the files.
 */
class DurabilityUnderLoadIT {
    static final long SIZE = 1L << 30;
    static final long BYTES_PER_SECOND = 60L << 20;
    static final int KILLS = 2;

    @TempDir
    Path temp;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @ParameterizedTest(name = "fsync {0}")
    @ValueSource(booleans = {false, true})
    void acknowledgedMessagesAndReportedOffsetsSurviveKill9UnderLoad(boolean fsync) throws Exception {
        Path data = temp.resolve("data");
        System.out.println("gateway log: " + data.resolveSibling("data.log"));
        String[] args = {"--gateway.chat.rate-limit-per-second=1000000", "--gateway.chat.rate-limit-burst=1000000",
            "--gateway.store.fsync=" + fsync, "--gateway.files.fsync=" + fsync};
        {
            String alice;
            String bob;
            String location;
            var acked = new ConcurrentLinkedQueue<JsonNode>();
            try (var gateway = new GatewayProcess(data, args).start()) {
                alice = GatewayIT.login(gateway, "alice");
                bob = GatewayIT.login(gateway, "bob");
                location = create(gateway, alice);
            }
            long reportedBefore = 0;
            for (int round = 0; round <= KILLS; round++) {
                try (var gateway = new GatewayProcess(data, args).start()) {
                    long offset = offset(gateway, alice, location);
                    assertThat(offset).as("offset after restart %d", round).isGreaterThanOrEqualTo(reportedBefore);
                    checkMessages(gateway, bob, acked);
                    if (round == KILLS) {
                        patch(gateway, alice, location, offset, false);
                        assertThat(offset(gateway, alice, location)).isEqualTo(SIZE);
                        assertThat(sha256(gateway, alice, location)).isEqualTo(expectedSha256());
                        break;
                    }
                    reportedBefore = trafficThenKill(gateway, alice, location, offset, round, acked);
                }
            }
        }
    }

    /**
     * Chat from two senders and the upload from {@code offset} at 60 MB/s, HEAD polled meanwhile; kill -9
     * once a few checkpoints are in. Returns the highest offset HEAD reported.
     */
    long trafficThenKill(GatewayProcess gateway, String alice, String location, long offset, int round,
                         ConcurrentLinkedQueue<JsonNode> acked) throws Exception {
        var running = new AtomicBoolean(true);
        var reported = new AtomicLong(offset);
        // The machine busy only while the traffic runs, so the gateway starts in reasonable time.
        var threads = new ArrayList<Thread>(startLoad(temp.resolve("disk-load.bin"), running));
        for (int s = 0; s < 2; s++) {
            String prefix = "r" + round + "s" + s + "-";
            threads.add(start(() -> {
                try (TcpChatClient client = gateway.tcp()) {
                    client.auth(alice, "phone" + prefix);
                    for (int i = 0; running.get(); i++) {
                        client.send(frame("send", "id", prefix + i, "to", "bob", "clientMsgId", prefix + i,
                                "content", Map.of("text", "under load " + i)));
                        JsonNode answer = client.next();
                        if (answer.path("type").asText().equals("ack")) {
                            acked.add(answer);
                        }
                    }
                } catch (Exception | AssertionError e) {
                    // The kill cuts the connection mid-request.
                }
            }));
        }
        threads.add(start(() -> {
            try {
                patch(gateway, alice, location, offset, true);
            } catch (Exception e) {
                // Cut by the kill.
            }
        }));
        threads.add(start(() -> {
            while (running.get()) {
                try {
                    reported.accumulateAndGet(offset(gateway, alice, location), Math::max);
                    Thread.sleep(100);
                } catch (Exception | AssertionError e) {
                    return;
                }
            }
        }));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (reported.get() < offset + 3 * (64L << 20) && reported.get() < SIZE && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(ThreadLocalRandom.current().nextInt(1000));
        long last = reported.get();
        gateway.kill9();
        running.set(false);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        // A HEAD answered just before the kill counts too.
        return Math.max(last, reported.get());
    }

    static Thread start(Runnable work) {
        var thread = new Thread(work);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Two spinning threads and a writer that forces 4 MiB at a time to disk. */
    static List<Thread> startLoad(Path file, AtomicBoolean busy) {
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < 2; i++) {
            threads.add(start(() -> {
                double x = 0;
                while (busy.get()) {
                    x += Math.sqrt(x + 1);
                }
                assertThat(x).isPositive();
            }));
        }
        threads.add(start(() -> {
            ByteBuffer block = ByteBuffer.allocate(4 << 20);
            try (var channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                for (long at = 0; busy.get(); at = (at + block.capacity()) % (256L << 20)) {
                    block.clear();
                    channel.write(block, at);
                    channel.force(false);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }));
        return threads;
    }

    void checkMessages(GatewayProcess gateway, String bob, ConcurrentLinkedQueue<JsonNode> acked) throws Exception {
        if (acked.isEmpty()) {
            return;
        }
        String conversation = acked.peek().get("conversation").asText();
        var stored = new ArrayList<String>();
        try (var client = gateway.tcp()) {
            client.auth(bob, "laptop");
            long after = 0;
            while (true) {
                JsonNode page = client.request("p" + after, frame("sync", "conversation", conversation, "afterSeq",
                        after, "limit", 200));
                for (JsonNode message : page.get("messages")) {
                    assertThat(message.get("seq").asLong()).as("gapless").isEqualTo(after + 1);
                    after = message.get("seq").asLong();
                    stored.add(message.get("msgId").asText());
                }
                if (!page.get("hasMore").asBoolean()) {
                    break;
                }
            }
        }
        // Sets: a fast store acks hundreds of thousands of messages, and a list's containsAll is quadratic.
        var storedOnce = new HashSet<>(stored);
        assertThat(storedOnce).as("stored exactly once").hasSameSizeAs(stored);
        assertThat(acked.stream().map(a -> a.get("msgId").asText()).filter(id -> !storedOnce.contains(id)).toList())
                .as("acknowledged but not stored").isEmpty();
    }

    String create(GatewayProcess gateway, String token) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(gateway.uri("/files"))
                .header("Authorization", "Bearer " + token).header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Long.toString(SIZE))
                .header("Upload-Metadata", "filename " + java.util.Base64.getEncoder().encodeToString("big.bin".getBytes()))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return created.headers().firstValue("Location").orElseThrow();
    }

    long offset(GatewayProcess gateway, String token, String location) throws Exception {
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(gateway.uri(location))
                .header("Authorization", "Bearer " + token).header("Tus-Resumable", "1.0.0")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        return Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
    }

    /** Sends the rest of the file from {@code offset}, at {@link #BYTES_PER_SECOND} if {@code paced}. */
    void patch(GatewayProcess gateway, String token, String location, long offset, boolean paced) throws Exception {
        HttpResponse<String> patched = http.send(HttpRequest.newBuilder(gateway.uri(location))
                .header("Authorization", "Bearer " + token).header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", Long.toString(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new Content(offset, paced)), SIZE - offset))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(204);
    }

    String sha256(GatewayProcess gateway, String token, String location) throws Exception {
        HttpResponse<String> info = http.send(HttpRequest.newBuilder(gateway.uri(location + "/info"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(info.statusCode()).as(info.body()).isEqualTo(200);
        return dev.gatewise.im.protocol.FrameJson.MAPPER.readTree(info.body()).get("sha256").asText();
    }

    static String expectedSha256() throws Exception {
        var digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        try (var content = new Content(0, false)) {
            for (int n; (n = content.read(buffer, 0, buffer.length)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The file's bytes from a position on: a function of the position, so a resumed upload sends the same. */
    static final class Content extends InputStream {
        private long position;
        private final boolean paced;
        private final long started = System.nanoTime();
        private final long from;

        Content(long from, boolean paced) {
            this.position = from;
            this.from = from;
            this.paced = paced;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= SIZE) {
                return -1;
            }
            int n = (int) Math.min(Math.min(length, 256 << 10), SIZE - position);
            for (int i = 0; i < n; i++) {
                long p = position + i;
                buffer[offset + i] = (byte) ((p >>> 8) * 31 + p);
            }
            position += n;
            if (paced) {
                long due = started + (position - from) * 1_000_000_000L / BYTES_PER_SECOND;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            return n;
        }
    }
}
