package dev.gatewise.im;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.testing.ChatClient;
import dev.gatewise.im.testing.RedisServer;
import dev.gatewise.im.testing.TestServer;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of trouble a real redis-server can be in reaches the sender as {@code retry} (never
 * {@code internal}), the connection stays up, and the same frame sent again once Redis is well is
 * stored once.
 */
class RedisErrorsTest {
    static RedisServer redis;
    static TestServer node;
    static TestServer.User alice;
    static TestServer.User bob;
    static final AtomicInteger ids = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        redis = new RedisServer();
        node = new TestServer(settings -> {}, redis.uri());
        alice = node.user("alice");
        bob = node.user("bob");
    }

    @AfterAll
    static void stop() {
        node.close();
        redis.close();
    }

    static JsonNode send(ChatClient client, String clientMsgId) {
        return client.request("r" + ids.incrementAndGet(), frame("send", "to", bob.name(), "clientMsgId", clientMsgId,
                "content", Map.of("text", clientMsgId)));
    }

    /** While {@code trouble} lasts a send gets retry; after {@code cure}, the same send is stored once. */
    void refusedWithRetryThenStored(String name, Trouble trouble, Trouble cure) throws Exception {
        try (var client = node.tcpAs(alice, "phone-" + name)) {
            assertThat(send(client, name + "-before").get("type").asText()).isEqualTo("ack");
            trouble.run();
            try {
                JsonNode refused = send(client, name);
                assertThat(refused.get("type").asText()).as(refused.toString()).isEqualTo("error");
                assertThat(refused.get("code").asText()).as(refused.toString()).isEqualTo("retry");
                assertThat(client.request("p", frame("ping")).get("type").asText()).isEqualTo("pong");
            } finally {
                cure.run();
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(send(client, name).get("type").asText()).isEqualTo("ack"));
            JsonNode again = send(client, name);
            assertThat(again.get("duplicate").asBoolean()).as(again.toString()).isTrue();
            JsonNode sync = client.request("s", frame("sync", "conversation", again.get("conversation").asText(),
                    "afterSeq", again.get("seq").asLong() - 1));
            assertThat(sync.get("messages")).hasSize(1);
        }
    }

    @FunctionalInterface
    interface Trouble {
        void run() throws Exception;
    }

    @Test
    void noReplicas() throws Exception {
        refusedWithRetryThenStored("noreplicas", () -> redis.cli("CONFIG", "SET", "min-replicas-to-write", "1"),
                () -> redis.cli("CONFIG", "SET", "min-replicas-to-write", "0"));
    }

    @Test
    void readOnlyReplica() throws Exception {
        int nobody;
        try (var socket = new ServerSocket(0)) {
            nobody = socket.getLocalPort();
        }
        int master = nobody;
        refusedWithRetryThenStored("readonly", () -> redis.cli("REPLICAOF", "127.0.0.1", Integer.toString(master)),
                () -> redis.cli("REPLICAOF", "NO", "ONE"));
    }

    @Test
    void outOfMemory() throws Exception {
        refusedWithRetryThenStored("oom", () -> redis.cli("CONFIG", "SET", "maxmemory", "1"),
                () -> redis.cli("CONFIG", "SET", "maxmemory", "0"));
    }

    @Test
    void busyRunningAScript() throws Exception {
        var looping = new Socket[1];
        refusedWithRetryThenStored("busy", () -> {
            redis.cli("CONFIG", "SET", "busy-reply-threshold", "50");
            looping[0] = new Socket("127.0.0.1", redis.port());
            OutputStream out = looping[0].getOutputStream();
            out.write("EVAL \"while true do end\" 0\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.cli("PING").startsWith("BUSY"));
        }, () -> {
            redis.cli("SCRIPT", "KILL");
            looping[0].close();
        });
    }

    @Test
    void hungServerTimesOut() throws Exception {
        refusedWithRetryThenStored("timeout", () -> redis.signal("STOP"), () -> redis.signal("CONT"));
    }

    @Test
    void connectionLost() throws Exception {
        refusedWithRetryThenStored("gone", redis::kill, redis::start);
    }

    @Test
    void loadingItsDataAfterARestart() throws Exception {
        // Enough data, loaded slowly enough (100 µs a key, answering clients in between), to be seen loading.
        redis.cli("EVAL", "for i = 1, 30000 do redis.call('SET', 'filler:' .. i, i) end", "0");
        redis.cli("BGREWRITEAOF");
        await().atMost(Duration.ofSeconds(20)).until(() -> redis.cli("INFO", "persistence")
                .contains("aof_rewrite_in_progress:0"));
        refusedWithRetryThenStored("loading", () -> {
            redis.kill();
            redis.start(List.of("--key-load-delay", "100", "--loading-process-events-interval-bytes", "1024"));
            await().atMost(Duration.ofSeconds(5)).until(() -> redis.cli("PING").startsWith("LOADING"));
        }, redis::awaitReady);
    }

    @Test
    void lostFunctionsAreLoadedAgainWithoutTroublingAnyone() throws Exception {
        try (var client = node.tcpAs(alice, "phone-flush")) {
            redis.cli("FUNCTION", "FLUSH");
            JsonNode ack = send(client, "after-flush");
            assertThat(ack.get("type").asText()).as(ack.toString()).isEqualTo("ack");
            redis.cli("FUNCTION", "FLUSH");
            JsonNode read = client.request("rd", frame("read", "conversation", ack.get("conversation").asText(),
                    "seq", ack.get("seq").asLong()));
            assertThat(read.get("type").asText()).as(read.toString()).isEqualTo("ok");
        }
    }
}
