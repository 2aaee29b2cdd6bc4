package dev.gatewise.im.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.im.message.AppendResult;
import dev.gatewise.im.message.CursorKind;
import dev.gatewise.im.message.Message;
import dev.gatewise.im.message.NewMessage;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.store.embedded.EmbeddedStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store on its own: what survives a reopen, and what concurrent writers get. */
class EmbeddedStoresTest {
    static final int THREADS = 8;

    @TempDir
    Path dir;

    ExecutorService pool;

    @BeforeEach
    void startPool() {
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    static NewMessage direct(String from, String to, String clientId) {
        String conversation = from.compareTo(to) <= 0 ? "dm:" + from + ":" + to : "dm:" + to + ":" + from;
        return new NewMessage(conversation, from, to, null, "text",
                FrameJson.MAPPER.createObjectNode().put("text", clientId), clientId);
    }

    static NewMessage inGroup(String group, String from, String clientId) {
        return new NewMessage("g:" + group, from, null, group, "text",
                FrameJson.MAPPER.createObjectNode().put("text", clientId), clientId);
    }

    static List<Long> seqs(List<Message> messages) {
        return messages.stream().map(Message::seq).toList();
    }

    @Test
    void everythingSurvivesAReopen() {
        Message first;
        Message inGroup;
        try (var stores = new EmbeddedStores(dir, true)) {
            assertThat(stores.accounts().create(new Account("alice", "$argon2id$x", 1))).isTrue();
            assertThat(stores.accounts().create(new Account("bob", "$argon2id$y", 2))).isTrue();
            stores.tokens().put("hash-a", new SessionToken("alice", 99));
            stores.tokens().put("hash-gone", new SessionToken("alice", 100));
            stores.tokens().remove("hash-gone");
            first = stores.messages().append(direct("alice", "bob", "c1")).join().message();
            stores.messages().append(direct("bob", "alice", "c2")).join();
            stores.groups().create(new Group("g1", "crew", "alice", 5), Map.of("alice", GroupRole.OWNER,
                    "bob", GroupRole.MEMBER));
            stores.groups().putMembers("g1", Map.of("bob", GroupRole.ADMIN));
            inGroup = stores.messages().append(inGroup("g1", "bob", "g-c1")).join().message();
            stores.cursors().advance("bob", "dm:alice:bob", CursorKind.READ, 1);
            stores.cursors().advance("alice", "dm:alice:bob", CursorKind.DELIVERED, 2);
            stores.keyValue("files").put("f1", new byte[] {1, 2, 3});
        }
        try (var stores = new EmbeddedStores(dir, false)) {
            assertThat(stores.accounts().find("alice")).hasValueSatisfying(a -> assertThat(a.passwordHash())
                    .isEqualTo("$argon2id$x"));
            assertThat(stores.accounts().search("", 10)).containsExactly("alice", "bob");
            // A name stays taken.
            assertThat(stores.accounts().create(new Account("alice", "$argon2id$z", 3))).isFalse();
            assertThat(stores.tokens().get("hash-a")).contains(new SessionToken("alice", 99));
            assertThat(stores.tokens().get("hash-gone")).isEmpty();

            assertThat(stores.messages().lastSeq("dm:alice:bob")).isEqualTo(2);
            assertThat(stores.messages().get("dm:alice:bob", 1)).contains(first);
            assertThat(seqs(stores.messages().after("dm:alice:bob", 0, 10))).containsExactly(1L, 2L);
            assertThat(stores.messages().after("g:g1", 0, 10)).containsExactly(inGroup);
            assertThat(stores.messages().directConversations("bob")).containsExactly("dm:alice:bob");
            assertThat(stores.messages().directConversations("alice")).containsExactly("dm:alice:bob");

            // Bob wrote seq 2, which on this store also means he has read up to it.
            assertThat(stores.cursors().get("bob", "dm:alice:bob", CursorKind.READ)).isEqualTo(2);
            assertThat(stores.cursors().get("alice", "dm:alice:bob", CursorKind.DELIVERED)).isEqualTo(2);

            assertThat(stores.groups().find("g1")).contains(new Group("g1", "crew", "alice", 5));
            assertThat(stores.groups().members("g1")).containsExactly(Map.entry("alice", GroupRole.OWNER),
                    Map.entry("bob", GroupRole.ADMIN));
            assertThat(stores.groups().groupsOf("bob")).containsExactly("g1");
            assertThat(stores.keyValue("files").get("f1")).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));

            // The sequences continue where they were, and a resend is still recognized.
            assertThat(stores.messages().append(direct("alice", "bob", "c3")).join().message().seq()).isEqualTo(3);
            assertThat(stores.messages().append(inGroup("g1", "alice", "g-c2")).join().message().seq()).isEqualTo(2);
            AppendResult again = stores.messages().append(direct("alice", "bob", "c1")).join();
            assertThat(again.duplicate()).isTrue();
            assertThat(again.message()).isEqualTo(first);
            assertThat(stores.messages().lastSeq("dm:alice:bob")).isEqualTo(3);
        }
    }

    @Test
    void concurrentWritersGetAGaplessSequence() throws Exception {
        int perThread = 250;
        int total = THREADS * perThread;
        try (var stores = new EmbeddedStores(dir, false)) {
            var results = new ConcurrentLinkedQueue<Message>();
            var start = new CyclicBarrier(THREADS);
            var tasks = new ArrayList<Callable<List<Long>>>();
            for (int t = 0; t < THREADS; t++) {
                String sender = "user" + t;
                tasks.add(() -> {
                    start.await();
                    var mine = new ArrayList<Long>();
                    for (int i = 0; i < perThread; i++) {
                        AppendResult result = stores.messages().append(inGroup("busy", sender, "m" + i)).join();
                        assertThat(result.duplicate()).isFalse();
                        results.add(result.message());
                        mine.add(result.message().seq());
                    }
                    return mine;
                });
            }
            for (var future : pool.invokeAll(tasks)) {
                // Each writer's own messages are in the order it wrote them.
                assertThat(future.get()).isSorted().doesNotHaveDuplicates();
            }

            assertThat(results).hasSize(total);
            var seqs = new HashSet<Long>();
            var msgIds = new HashSet<String>();
            results.forEach(m -> {
                seqs.add(m.seq());
                msgIds.add(m.msgId());
            });
            assertThat(seqs).hasSize(total).containsExactlyInAnyOrderElementsOf(
                    LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(msgIds).hasSize(total);
            assertThat(stores.messages().lastSeq("g:busy")).isEqualTo(total);

            // Read back in pages, the store agrees with what each writer was told.
            List<Message> all = new ArrayList<>();
            long after = 0;
            while (true) {
                List<Message> page = stores.messages().after("g:busy", after, 300);
                if (page.isEmpty()) {
                    break;
                }
                all.addAll(page);
                after = page.get(page.size() - 1).seq();
            }
            assertThat(seqs(all)).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(all).containsExactlyInAnyOrderElementsOf(results);
        }
    }

    @Test
    void concurrentResendsOfOneMessageStoreItOnce() throws Exception {
        try (var stores = new EmbeddedStores(dir, false)) {
            for (int round = 0; round < 20; round++) {
                String clientId = "same-" + round;
                var start = new CyclicBarrier(THREADS);
                var tasks = new ArrayList<Callable<AppendResult>>();
                for (int t = 0; t < THREADS; t++) {
                    tasks.add(() -> {
                        start.await();
                        return stores.messages().append(direct("alice", "bob", clientId)).join();
                    });
                }
                var results = new ArrayList<AppendResult>();
                for (var future : pool.invokeAll(tasks)) {
                    results.add(future.get());
                }
                assertThat(results.stream().filter(r -> !r.duplicate())).hasSize(1);
                assertThat(results.stream().filter(AppendResult::duplicate)).hasSize(THREADS - 1);
                assertThat(results.stream().map(AppendResult::message).distinct()).hasSize(1);
                assertThat(results.get(0).message().seq()).isEqualTo(round + 1L);
                assertThat(results.get(0).message().clientMsgId()).isEqualTo(clientId);
            }
            assertThat(stores.messages().lastSeq("dm:alice:bob")).isEqualTo(20);
            assertThat(stores.messages().after("dm:alice:bob", 0, 100)).hasSize(20);
            // The same client id from another sender, or in another conversation, is another message.
            assertThat(stores.messages().append(direct("bob", "alice", "same-0")).join().duplicate()).isFalse();
            assertThat(stores.messages().append(direct("alice", "carol", "same-0")).join().duplicate()).isFalse();
            assertThat(stores.messages().lastSeq("dm:alice:bob")).isEqualTo(21);
        }
    }

    @Test
    void afterPagesThroughOneConversationOnly() {
        try (var stores = new EmbeddedStores(dir, false)) {
            for (int i = 1; i <= 7; i++) {
                stores.messages().append(inGroup("ab", "alice", "m" + i)).join();
            }
            // Conversations whose ids extend another's must not leak into its pages.
            stores.messages().append(inGroup("abc", "alice", "x")).join();
            stores.messages().append(inGroup("a", "alice", "y")).join();

            var messages = stores.messages();
            assertThat(seqs(messages.after("g:ab", 0, 3))).containsExactly(1L, 2L, 3L);
            assertThat(seqs(messages.after("g:ab", 3, 3))).containsExactly(4L, 5L, 6L);
            assertThat(seqs(messages.after("g:ab", 6, 3))).containsExactly(7L);
            assertThat(messages.after("g:ab", 7, 3)).isEmpty();
            assertThat(messages.after("g:ab", 100, 3)).isEmpty();
            assertThat(seqs(messages.after("g:ab", 0, 100))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(messages.after("g:ab", 2, 1).get(0).content().get("text").asText()).isEqualTo("m3");
            assertThat(messages.after("g:abc", 0, 100)).extracting(Message::clientMsgId).containsExactly("x");
            assertThat(messages.after("g:a", 0, 100)).extracting(Message::clientMsgId).containsExactly("y");
            assertThat(messages.after("g:nothing", 0, 100)).isEmpty();
            assertThat(messages.lastSeq("g:nothing")).isZero();
            assertThat(messages.get("g:ab", 8)).isEmpty();
            assertThat(messages.get("g:ab", 5)).hasValueSatisfying(m -> assertThat(m.clientMsgId()).isEqualTo("m5"));
        }
    }

    @Test
    void directConversationsIndexBothUsersAndNothingElse() {
        try (var stores = new EmbeddedStores(dir, false)) {
            var messages = stores.messages();
            messages.append(direct("alice", "bob", "1")).join();
            messages.append(direct("bob", "alice", "2")).join();
            messages.append(direct("carol", "alice", "3")).join();
            messages.append(direct("bobby", "dave", "4")).join();
            messages.append(direct("erin", "erin", "5")).join();
            messages.append(inGroup("g1", "alice", "6")).join();

            assertThat(messages.directConversations("alice")).containsExactly("dm:alice:bob", "dm:alice:carol");
            assertThat(messages.directConversations("bob")).containsExactly("dm:alice:bob");
            assertThat(messages.directConversations("bobby")).containsExactly("dm:bobby:dave");
            assertThat(messages.directConversations("dave")).containsExactly("dm:bobby:dave");
            assertThat(messages.directConversations("carol")).containsExactly("dm:alice:carol");
            assertThat(messages.directConversations("erin")).containsExactly("dm:erin:erin");
            // A name that is a prefix of others' has no conversations of theirs.
            assertThat(messages.directConversations("bo")).isEmpty();
            assertThat(messages.directConversations("nobody")).isEmpty();
        }
    }

    @Test
    void groupsAndTheirMembersInBothDirections() {
        try (var stores = new EmbeddedStores(dir, false)) {
            var groups = stores.groups();
            groups.create(new Group("g1", "one", "ann", 1), Map.of("ann", GroupRole.OWNER, "bo", GroupRole.MEMBER,
                    "bob", GroupRole.MEMBER));
            groups.create(new Group("g10", "ten", "bob", 2), Map.of("bob", GroupRole.OWNER));
            assertThat(groups.members("g1")).containsExactly(Map.entry("ann", GroupRole.OWNER),
                    Map.entry("bo", GroupRole.MEMBER), Map.entry("bob", GroupRole.MEMBER));
            assertThat(groups.members("g10")).containsExactly(Map.entry("bob", GroupRole.OWNER));
            assertThat(groups.groupsOf("bob")).containsExactly("g1", "g10");
            assertThat(groups.groupsOf("bo")).containsExactly("g1");
            assertThat(groups.role("g1", "bob")).contains(GroupRole.MEMBER);
            assertThat(groups.role("g10", "bo")).isEmpty();

            groups.removeMembers("g1", List.of("bob"));
            assertThat(groups.members("g1")).containsOnlyKeys("ann", "bo");
            assertThat(groups.groupsOf("bob")).containsExactly("g10");
            assertThat(groups.role("g1", "bob")).isEmpty();
            assertThat(groups.find("g2")).isEmpty();
            assertThat(groups.members("g2")).isEmpty();
        }
    }

    @Test
    void cursorsOnlyMoveForward() {
        try (var stores = new EmbeddedStores(dir, false)) {
            assertThat(stores.cursors().advance("bob", "c", CursorKind.READ, 5)).isTrue();
            assertThat(stores.cursors().advance("bob", "c", CursorKind.READ, 3)).isFalse();
            assertThat(stores.cursors().advance("bob", "c", CursorKind.READ, 5)).isFalse();
            assertThat(stores.cursors().get("bob", "c", CursorKind.READ)).isEqualTo(5);
            assertThat(stores.cursors().get("bob", "c", CursorKind.DELIVERED)).isZero();
            assertThat(stores.cursors().get("bobby", "c", CursorKind.READ)).isZero();
        }
    }
}
