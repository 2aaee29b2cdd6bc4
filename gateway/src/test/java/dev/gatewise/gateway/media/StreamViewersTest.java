package dev.gatewise.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.access.AccessDenied;
import dev.gatewise.access.Credentials;
import dev.gatewise.access.Protocol;
import dev.gatewise.access.SignedUrls;
import dev.gatewise.im.access.StoreAccessCheck;
import dev.gatewise.im.config.ChatSettings;
import dev.gatewise.im.store.Group;
import dev.gatewise.im.store.GroupRole;
import dev.gatewise.im.store.embedded.EmbeddedStores;
import dev.gatewise.media.live.LiveStreamRegistry;
import dev.gatewise.media.live.Publication;
import dev.gatewise.media.live.StreamViewers;
import dev.gatewise.media.stream.LiveStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may watch a stream, over the real access check and a real embedded store. */
class StreamViewersTest {
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    static final Duration TTL = Duration.ofHours(1);

    @TempDir
    Path dir;

    EmbeddedStores stores;
    StoreAccessCheck access;
    LiveStreamRegistry registry;
    StreamViewers viewers;
    String alice;
    String bob;
    String carol;

    @BeforeEach
    void open() {
        stores = new EmbeddedStores(dir, false);
        access = new StoreAccessCheck(stores, new ChatSettings());
        for (String user : List.of("alice", "bob", "carol")) {
            access.accounts().register(user, user + "-password");
        }
        alice = access.tokens().issue("alice").token();
        bob = access.tokens().issue("bob").token();
        carol = access.tokens().issue("carol").token();
        stores.groups().create(new Group("crew", "crew", "alice", 1),
                Map.of("alice", GroupRole.OWNER, "bob", GroupRole.MEMBER));
        registry = new LiveStreamRegistry();
        viewers = viewersAt(Clock.systemUTC());
        registry.addListener(viewers);
    }

    @AfterEach
    void close() {
        stores.close();
    }

    @Test
    void aGroupStreamIsForTheGroupsMembers() {
        Publication cam = publish("cam1", Map.of("group", "crew"));
        assertThat(viewers.check(Protocol.HLS, "cam1", Credentials.token(bob))).isEqualTo("bob");
        assertThat(viewers.check(Protocol.RTMP, "cam1", Credentials.token(alice))).isEqualTo("alice");
        assertThat(reason(() -> viewers.check(Protocol.HLS, "cam1", Credentials.token(carol))))
                .isEqualTo(AccessDenied.Reason.FORBIDDEN);
        assertThat(reason(() -> viewers.check(Protocol.HLS, "cam1", Credentials.none())))
                .isEqualTo(AccessDenied.Reason.NO_CREDENTIALS);
        var audience = viewers.audience("cam1").orElseThrow();
        assertThat(viewers.mayWatch("bob", "cam1", audience)).isTrue();
        assertThat(viewers.mayWatch("carol", "cam1", audience)).isFalse();

        // Its files are kept a while after the end: the same rule holds for them.
        cam.end(true);
        assertThat(registry.isLive("cam1")).isFalse();
        assertThat(viewers.check(Protocol.HLS, "cam1", Credentials.token(bob))).isEqualTo("bob");
        assertThat(reason(() -> viewers.check(Protocol.HLS, "cam1", Credentials.token(carol))))
                .isEqualTo(AccessDenied.Reason.FORBIDDEN);
    }

    @Test
    void streamsToAUserWithoutAConversationAndPublic() {
        publish("cam1", Map.of("to", "Bob"));
        assertThat(viewers.check(Protocol.HLS, "cam1", Credentials.token(bob))).isEqualTo("bob");
        assertThat(reason(() -> viewers.check(Protocol.HLS, "cam1", Credentials.token(carol))))
                .isEqualTo(AccessDenied.Reason.FORBIDDEN);

        publish("cam2", Map.of());
        assertThat(viewers.check(Protocol.RTMP, "cam2", Credentials.token(alice))).isEqualTo("alice");
        assertThat(reason(() -> viewers.check(Protocol.RTMP, "cam2", Credentials.token(bob))))
                .isEqualTo(AccessDenied.Reason.FORBIDDEN);

        publish("cam3", Map.of("group", "crew", "public", "1"));
        assertThat(viewers.check(Protocol.HLS, "cam3", Credentials.none())).isNull();
        assertThat(viewers.mayWatch("carol", "cam3", viewers.audience("cam3").orElseThrow())).isTrue();

        // A stream this node does not know is nobody's without a link.
        assertThat(reason(() -> viewers.check(Protocol.HLS, "ghost", Credentials.token(alice))))
                .isEqualTo(AccessDenied.Reason.FORBIDDEN);
    }

    @Test
    void aSignedLinkOpensItsStreamUntilItExpires() {
        publish("cam1", Map.of("group", "crew"));
        String token = viewers.sign("cam1").token();
        assertThat(viewers.opens("cam1", token)).isTrue();
        assertThat(viewers.opens("cam2", token)).as("another stream").isFalse();
        String expires = token.substring(0, token.indexOf('.'));
        String signature = token.substring(token.indexOf('.') + 1);
        assertThat(viewers.opens("cam1", (Long.parseLong(expires) + 3600) + "." + signature)).as("extended")
                .isFalse();
        char first = signature.charAt(0);
        assertThat(viewers.opens("cam1", expires + "." + (first == 'A' ? 'B' : 'A') + signature.substring(1)))
                .as("tampered").isFalse();
        assertThat(viewers.opens("cam1", "garbage")).isFalse();
        assertThat(viewers.opens("cam1", "x.y")).isFalse();

        String expired = viewersAt(Clock.offset(Clock.systemUTC(), TTL.plusMinutes(1).negated())).sign("cam1").token();
        assertThat(viewers.opens("cam1", expired)).as("expired").isFalse();
    }

    @Test
    void aLinkSignedBeforeAPublishDoesNotOpenIt() {
        // A link to alice's earlier "cam1", still unexpired, must not open bob's later publish of the name.
        String earlier = viewersAt(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10))).sign("cam1").token();
        publish("cam1", Map.of());
        assertThat(viewers.opens("cam1", earlier)).isFalse();
        assertThat(viewers.opens("cam1", viewers.sign("cam1").token())).isTrue();
    }

    private StreamViewers viewersAt(Clock clock) {
        return new StreamViewers(registry, access, new SignedUrls(KEY, clock.withZone(ZoneOffset.UTC), TTL));
    }

    private Publication publish(String name, Map<String, String> params) {
        Publication publication = registry.start(new LiveStream(name, "alice", params, Instant.now()), List.of(), 10);
        publication.audioConfig(new byte[] {0x12, 0x10}); // announced, as with its first media
        return publication;
    }

    private static AccessDenied.Reason reason(Runnable call) {
        try {
            call.run();
        } catch (AccessDenied e) {
            return e.reason();
        }
        throw new AssertionError("not refused");
    }
}
