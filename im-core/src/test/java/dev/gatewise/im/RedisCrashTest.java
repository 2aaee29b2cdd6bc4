package dev.gatewise.im;

import static dev.gatewise.im.testing.ChatClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.testing.ChatClient;
import dev.gatewise.im.testing.RedisServer;
import dev.gatewise.im.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of redis-server while chat traffic runs, under each {@code appendfsync} the docs
 * describe. {@code always}: every acknowledged message is there exactly once, numbered without gaps.
 * {@code everysec}: at most the acknowledgements of about the last second may be lost (Redis answers
 * before its background fsync), and no sequence number is ever handed out twice.
 */
class RedisCrashTest {
    static final int SENDERS = 4;

    /** What a sender was told: the ack, and when. */
    record Acked(int sender, String clientMsgId, String msgId, String conversation, long seq, long atNanos) {}

    @Test
    void appendfsyncAlwaysKeepsEveryAcknowledgedMessage() throws Exception {
        var run = crashUnderTraffic("always");
        for (var conversation : run.stored.entrySet()) {
            List<JsonNode> messages = conversation.getValue();
            for (int i = 0; i < messages.size(); i++) {
                assertThat(messages.get(i).get("seq").asLong()).as("gapless").isEqualTo(i + 1);
            }
        }
        for (Acked ack : run.acked) {
            assertThat(run.storedSeq(ack)).as("acknowledged " + ack + " stored once, at its seq").isEqualTo(ack.seq());
        }
    }

    @Test
    void appendfsyncEverysecLosesAtMostTheLastSecondAndNeverReusesANumber() throws Exception {
        var run = crashUnderTraffic("everysec");
        var lost = new ArrayList<Acked>();
        for (Acked ack : run.acked) {
            long seq = run.storedSeq(ack);
            if (seq < 0) {
                lost.add(ack);
            } else {
                assertThat(seq).as("stored at the seq it was acknowledged with").isEqualTo(ack.seq());
            }
        }
        // Redis answers before its fsync; a kill of the process alone loses only what it had not yet
        // written (writes wait while a background fsync runs, up to 2 s); the bound is generous.
        for (Acked ack : lost) {
            assertThat(Duration.ofNanos(run.killedAt - ack.atNanos())).as("lost " + ack)
                    .isLessThan(Duration.ofMillis(2500));
        }
        // A number once acknowledged belongs to that message only, lost or not.
        var owner = new HashMap<String, String>();
        for (Acked ack : run.acked) {
            String previous = owner.putIfAbsent(ack.conversation() + "#" + ack.seq(), ack.msgId());
            assertThat(previous == null || previous.equals(ack.msgId())).as("seq reused: " + ack).isTrue();
        }
    }

    /** The messages stored after the crash, by conversation, and every ack the senders got. */
    record Run(List<Acked> acked, Map<String, List<JsonNode>> stored, long killedAt) {
        /** Where the acked message is stored (asserting it is there at most once), or -1. */
        long storedSeq(Acked ack) {
            var found = stored.get(ack.conversation()).stream()
                    .filter(m -> m.get("msgId").asText().equals(ack.msgId())).toList();
            assertThat(found).as("stored at most once: " + ack).hasSizeLessThanOrEqualTo(1);
            return found.isEmpty() ? -1 : found.get(0).get("seq").asLong();
        }
    }

    private Run crashUnderTraffic(String appendfsync) throws Exception {
        try (var redis = new RedisServer(List.of("--appendfsync", appendfsync));
             var node = new TestServer(settings -> {
                 settings.setRateLimitPerSecond(100_000);
                 settings.setRateLimitBurst(100_000);
             }, redis.uri())) {
            var acked = new ConcurrentHashMap<String, Acked>();
            var stop = new AtomicBoolean();
            var clients = new ArrayList<ChatClient>();
            var threads = new ArrayList<Thread>();
            var done = new CountDownLatch(SENDERS);
            for (int s = 0; s < SENDERS; s++) {
                var from = node.user("crash-from");
                var to = node.user("crash-to");
                ChatClient client = node.tcpAs(from, "phone");
                clients.add(client);
                int sender = s;
                var thread = new Thread(() -> {
                    try {
                        for (int i = 0; !stop.get(); i++) {
                            String clientMsgId = "s" + sender + "-" + i;
                            // Until acknowledged: a retry answer means "send the same frame again".
                            while (true) {
                                JsonNode reply = client.request(clientMsgId, frame("send", "to", to.name(),
                                        "clientMsgId", clientMsgId, "content", Map.of("text", clientMsgId)));
                                if (reply.get("type").asText().equals("ack")) {
                                    acked.putIfAbsent(clientMsgId, new Acked(sender, clientMsgId, reply.get("msgId").asText(),
                                            reply.get("conversation").asText(), reply.get("seq").asLong(),
                                            System.nanoTime()));
                                    break;
                                }
                                assertThat(reply.get("code").asText()).as(reply.toString()).isEqualTo("retry");
                                Thread.sleep(50);
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                });
                thread.start();
                threads.add(thread);
            }
            Thread.sleep(1500);
            long killedAt = System.nanoTime();
            redis.kill();
            int ackedBefore = acked.size();
            Thread.sleep(300);
            redis.start();
            redis.awaitReady();
            Thread.sleep(1500);
            stop.set(true);
            done.await();
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(ackedBefore).as("traffic before the kill").isGreaterThan(50);
            assertThat(acked.size()).as("traffic after the restart").isGreaterThan(ackedBefore + 20);
            var stored = new HashMap<String, List<JsonNode>>();
            for (Acked ack : acked.values()) {
                stored.computeIfAbsent(ack.conversation(), c -> readAll(clients.get(ack.sender()), c));
            }
            for (ChatClient client : clients) {
                client.close();
            }
            return new Run(List.copyOf(acked.values()), stored, killedAt);
        }
    }

    /** Every stored message of a conversation, oldest first, read by one of its members. */
    private static List<JsonNode> readAll(ChatClient member, String conversation) {
        var messages = new ArrayList<JsonNode>();
        long after = 0;
        while (true) {
            JsonNode page = member.request("sync" + after, frame("sync", "conversation", conversation,
                    "afterSeq", after, "limit", 100));
            assertThat(page.get("type").asText()).as(page.toString()).isEqualTo("sync_result");
            page.get("messages").forEach(messages::add);
            if (!page.get("hasMore").asBoolean() || page.get("messages").isEmpty()) {
                return messages;
            }
            after = messages.get(messages.size() - 1).get("seq").asLong();
        }
    }
}
