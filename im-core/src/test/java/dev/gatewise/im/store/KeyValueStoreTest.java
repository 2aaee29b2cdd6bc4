package dev.gatewise.im.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.im.store.embedded.EmbeddedStores;
import dev.gatewise.im.store.redis.RedisStores;
import dev.gatewise.im.testing.RedisServer;
import dev.gatewise.im.testing.TempDirs;
import dev.gatewise.im.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The key-value namespace other modules keep their records in, on the store of this run (embedded or Redis). */
class KeyValueStoreTest {
    Path dir;
    ChatStores stores;
    KeyValueStore kv;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("kv-test");
        stores = TestServer.usesRedis() ? new RedisStores(RedisServer.shared().uri(), Duration.ofSeconds(10), 16)
                : new EmbeddedStores(dir, false);
        kv = stores.keyValue("test-" + UUID.randomUUID());
    }

    @AfterEach
    void close() {
        stores.close();
        TempDirs.delete(dir);
    }

    @Test
    void batchesOfChangesAndPrefixScans() {
        kv.put("a:1", bytes("one"));
        kv.update(Map.of("a:2", bytes("two"), "a:3", bytes("three"), "b:1", bytes("other")), List.of("a:1"));
        assertThat(kv.get("a:1")).isEmpty();
        assertThat(kv.scan("a:", 10)).extracting(Map.Entry::getKey).containsExactly("a:2", "a:3");
        assertThat(kv.scan("a:", 1)).hasSize(1);
        kv.update(Map.of(), List.of("a:2", "a:3"));
        assertThat(kv.scan("a:", 10)).isEmpty();
        assertThat(kv.putIfAbsent("b:1", bytes("again"))).isFalse();
    }

    @Test
    void countersAddAtomicallyUnderConcurrentWriters() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        try {
            var futures = new ArrayList<Future<Long>>();
            for (int i = 0; i < 200; i++) {
                futures.add(pool.submit(() -> kv.add("q:alice", 5)));
            }
            for (Future<Long> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(kv.add("q:alice", -1)).isEqualTo(999);
        assertThat(new String(kv.get("q:alice").orElseThrow(), StandardCharsets.US_ASCII)).isEqualTo("999");
        assertThat(kv.add("q:bob", 0)).isZero();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
