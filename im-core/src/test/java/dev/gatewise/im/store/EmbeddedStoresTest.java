package dev.gatewise.im.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.im.account.Account;
import dev.gatewise.im.group.Group;
import dev.gatewise.im.group.GroupRole;
import dev.gatewise.im.message.AppendResult;
import dev.gatewise.im.message.CursorKind;
import dev.gatewise.im.message.Message;
import dev.gatewise.im.message.NewMessage;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.session.SessionToken;
import dev.gatewise.im.store.embedded.EmbeddedStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store on its own: what survives a reopen, and what concurrent writers get. */
class EmbeddedStoresTest {
    @TempDir
    Path dir;

    static NewMessage text(String conversation, String from, String to, String clientId) {
        return new NewMessage(conversation, from, to, null, "text",
                FrameJson.MAPPER.createObjectNode().put("text", clientId), clientId);
    }

    @Test
    void everythingSurvivesAReopen() {
        Message stored;
        try (var stores = new EmbeddedStores(dir, true)) {
            stores.accounts().create(new Account("alice", "$argon2id$x", 1));
            stores.tokens().put("hash", new SessionToken("alice", 99));
            stored = stores.messages().append(text("dm:alice:bob", "alice", "bob", "c1")).join().message();
            stores.cursors().advance("bob", "dm:alice:bob", CursorKind.READ, 1);
            stores.groups().create(new Group("g1", "crew", "alice", 5), Map.of("alice", GroupRole.OWNER,
                    "bob", GroupRole.MEMBER));
            stores.keyValue("files").put("f1", new byte[] {1, 2, 3});
        }
        try (var stores = new EmbeddedStores(dir, false)) {
            assertThat(stores.accounts().find("alice")).hasValueSatisfying(a -> assertThat(a.passwordHash())
                    .isEqualTo("$argon2id$x"));
            assertThat(stores.tokens().get("hash")).contains(new SessionToken("alice", 99));
            assertThat(stores.messages().lastSeq("dm:alice:bob")).isEqualTo(1);
            assertThat(stores.messages().get("dm:alice:bob", 1)).contains(stored);
            assertThat(stores.cursors().get("bob", "dm:alice:bob", CursorKind.READ)).isEqualTo(1);
            assertThat(stores.groups().members("g1")).containsEntry("bob", GroupRole.MEMBER);
            assertThat(stores.groups().groupsOf("bob")).containsExactly("g1");
            assertThat(stores.messages().directConversations("bob")).containsExactly("dm:alice:bob");
            assertThat(stores.keyValue("files").get("f1")).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));
            // The next message continues the sequence, and a resend is still recognized.
            assertThat(stores.messages().append(text("dm:alice:bob", "alice", "bob", "c2")).join().message().seq())
                    .isEqualTo(2);
            AppendResult again = stores.messages().append(text("dm:alice:bob", "alice", "bob", "c1")).join();
            assertThat(again.duplicate()).isTrue();
            assertThat(again.message().msgId()).isEqualTo(stored.msgId());
        }
    }

    @Test
    void concurrentWritersGetAGaplessSequence() throws Exception {
        try (var stores = new EmbeddedStores(dir, false)) {
            var pool = Executors.newFixedThreadPool(8);
            var results = new ConcurrentLinkedQueue<Message>();
            var tasks = new ArrayList<Callable<Void>>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                tasks.add(() -> {
                    for (int i = 0; i < 250; i++) {
                        results.add(stores.messages().append(text("g:busy", "user" + thread, null, "m" + i))
                                .join().message());
                    }
                    return null;
                });
            }
            pool.invokeAll(tasks);
            pool.shutdown();
            var seqs = new HashSet<Long>();
            results.forEach(m -> seqs.add(m.seq()));
            assertThat(seqs).hasSize(2000);
            assertThat(seqs).allMatch(seq -> seq >= 1 && seq <= 2000);
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
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).seq()).isEqualTo(i + 1L);
            }
            assertThat(all).hasSize(2000);
        }
    }

    @Test
    void concurrentResendsOfOneMessageStoreItOnce() throws Exception {
        try (var stores = new EmbeddedStores(dir, false)) {
            var pool = Executors.newFixedThreadPool(8);
            var tasks = new ArrayList<Callable<AppendResult>>();
            for (int t = 0; t < 8; t++) {
                tasks.add(() -> stores.messages().append(text("dm:alice:bob", "alice", "bob", "same")).join());
            }
            var results = new ArrayList<AppendResult>();
            for (var future : pool.invokeAll(tasks)) {
                results.add(future.get());
            }
            pool.shutdown();
            assertThat(results.stream().filter(r -> !r.duplicate())).hasSize(1);
            assertThat(results.stream().map(r -> r.message().msgId()).distinct()).hasSize(1);
            assertThat(stores.messages().lastSeq("dm:alice:bob")).isEqualTo(1);
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
        }
    }
}
