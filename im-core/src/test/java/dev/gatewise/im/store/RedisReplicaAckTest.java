package dev.gatewise.im.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gatewise.im.message.AppendResult;
import dev.gatewise.im.message.NewMessage;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.store.redis.RedisStores;
import dev.gatewise.im.testing.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * With {@code redis-wait-replicas}, a message is acknowledged only once a replica has it: a real
 * master and replica, the replica killed and started again.
 */
class RedisReplicaAckTest {
    static NewMessage message(String clientMsgId) {
        return new NewMessage("d:alice:bob", "alice", "bob", null, "text",
                FrameJson.MAPPER.createObjectNode().put("text", clientMsgId), clientMsgId);
    }

    @Test
    void anAckMeansTheReplicaHasIt() throws Exception {
        try (var master = new RedisServer();
             var replica = new RedisServer(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())));
             var stores = new RedisStores(master.uri(), Duration.ofSeconds(10), 4, 1, Duration.ofMillis(500))) {
            awaitReplica(master);
            AppendResult first = stores.messages().append(message("c1")).get();
            assertThat(first.message().seq()).isEqualTo(1);
            assertThat(replica.cli("LLEN", "gw:c:{d:alice:bob}:log")).isEqualTo("1");

            replica.kill();
            assertThatThrownBy(() -> stores.messages().append(message("c2")).get())
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("replicas");

            replica.start();
            awaitReplica(master);
            // The refused message reached the master: sent again, it is the same message, now acknowledged.
            AppendResult again = stores.messages().append(message("c2")).get();
            assertThat(again.duplicate()).isTrue();
            assertThat(again.message().seq()).isEqualTo(2);
        }
    }

    private static void awaitReplica(RedisServer master) {
        await().atMost(Duration.ofSeconds(20)).until(() -> master.cli("INFO", "replication").contains("state=online"));
    }
}
