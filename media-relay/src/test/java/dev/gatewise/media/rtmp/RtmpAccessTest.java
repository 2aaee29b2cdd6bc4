package dev.gatewise.media.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.access.AccessCheck;
import dev.gatewise.access.AccessDenied;
import dev.gatewise.access.AccessRequest;
import dev.gatewise.access.SessionEnd;
import dev.gatewise.access.SignedUrls;
import dev.gatewise.media.live.LiveStreamRegistry;
import dev.gatewise.media.live.StreamViewers;
import dev.gatewise.media.testing.RawRtmpClient;
import dev.gatewise.media.testing.TestRelay;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay asking the access check through {@link RtmpAccess}: a publish's {@code &to=} is folded by the name rule
 * of every other path, and a name no account can have is refused with a NetStream status, never folded onto another.
 */
class RtmpAccessTest {
    private static final Set<String> USERS = Set.of("alice", "bob", "kname", "strasse");
    /** The conversations the publishes named, as the access check was asked about them. */
    private static final List<Set<String>> asked = new CopyOnWriteArrayList<>();
    private static ExecutorService executor;
    private static TestRelay relay;

    /** Token "good" is alice; a direct conversation is allowed with a user who exists. */
    private static final AccessCheck ACCESS = new AccessCheck() {
        @Override
        public String check(AccessRequest request) {
            if (!"good".equals(request.credentials().token())) {
                throw new AccessDenied(AccessDenied.Reason.INVALID, "unknown token; log in again");
            }
            authorize("alice", request);
            return "alice";
        }

        @Override
        public void authorize(String user, AccessRequest request) {
            asked.add(request.conversations());
            for (String conversation : request.conversations()) {
                if (USERS.stream().noneMatch(peer -> conversation.equals(AccessRequest.direct(user, peer)))) {
                    throw new AccessDenied(AccessDenied.Reason.FORBIDDEN, "no user in " + conversation);
                }
            }
        }

        @Override
        public Watch watch(String token, Consumer<SessionEnd> ended) {
            return () -> { };
        }
    };

    @BeforeAll
    static void start() {
        executor = Executors.newSingleThreadExecutor();
        var registry = new LiveStreamRegistry();
        var viewers = new StreamViewers(registry, ACCESS, new SignedUrls(new byte[32], Clock.systemUTC(),
                Duration.ofMinutes(5)));
        relay = new TestRelay(new RtmpAccess(ACCESS, viewers, executor));
    }

    @AfterAll
    static void stop() {
        relay.close();
        executor.shutdown();
    }

    @Test
    void namesNoAccountCanHaveAreRefusedWithAStatusSayingWhy() throws Exception {
        // The Kelvin sign folds to "k", a leading space used to be trimmed: both once published to kname.
        Map<String, String> refusals = Map.of(
                "%E2%84%AANAME", "compatibility character (such as U+212A KELVIN SIGN)",
                "%20NAME", "must not contain spaces or control characters (U+0020 at 0)",
                "NAME%00", "must not contain spaces or control characters (U+0000 at 4)",
                "x", "must be 3-32 characters");
        for (var refusal : refusals.entrySet()) {
            String stream = "toBad" + Math.abs(refusal.getKey().hashCode());
            Map<String, Object> status = publish(stream + "?token=good&to=" + refusal.getKey());
            assertThat(status).as(refusal.getKey()).containsEntry("level", "error")
                    .containsEntry("code", "NetStream.Publish.Unauthorized");
            assertThat((String) status.get("description")).as(refusal.getKey())
                    .startsWith("&to= names no user: ").contains(refusal.getValue());
            assertThat(relay.registry.isLive(stream)).isFalse();
        }
        assertThat(relay.started).isEmpty();
        assertThat(asked).noneMatch(conversations -> conversations.contains("dm:alice:kname"));
    }

    @Test
    void aValidNameIsFoldedAsChatFoldsItAndOnlyAnAccountThatExistsLetsThePublishIn() throws Exception {
        // NFKC case folding, not toLowerCase: "STRAßE" is strasse's name, as it is to a chat frame's "to".
        for (String to : List.of("BOB", "STRA%C3%9FE")) {
            try (var client = new RawRtmpClient(relay.port())) {
                String stream = "toGood" + Math.abs(to.hashCode());
                Map<String, Object> status = publish(client, stream + "?token=good&to=" + to);
                assertThat(status).as(to).containsEntry("code", "NetStream.Publish.Start");
            }
        }
        assertThat(asked).contains(Set.of("dm:alice:bob"), Set.of("dm:alice:strasse"));
        assertThat(publish("toNobody?token=good&to=nobody")).containsEntry("code", "NetStream.Publish.Unauthorized")
                .containsEntry("description", "no user in dm:alice:nobody");
    }

    private static Map<String, Object> publish(String path) throws Exception {
        try (var client = new RawRtmpClient(relay.port())) {
            Map<String, Object> status = publish(client, path);
            assertThat(client.closedByServer(Duration.ofSeconds(3))).isTrue();
            return status;
        }
    }

    private static Map<String, Object> publish(RawRtmpClient client, String path) throws Exception {
        client.connect();
        client.command(0, "createStream", null);
        client.awaitCommand("_result");
        client.command(1, "publish", null, path, "live");
        return client.awaitStatus();
    }
}
