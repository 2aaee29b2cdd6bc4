package dev.gatewise.im.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatewise.access.AccessDenied;
import dev.gatewise.access.AccessRequest;
import dev.gatewise.access.Action;
import dev.gatewise.access.Credentials;
import dev.gatewise.access.Protocol;
import dev.gatewise.im.account.LoginThrottledException;
import dev.gatewise.im.config.ChatSettings;
import dev.gatewise.im.store.Group;
import dev.gatewise.im.store.GroupRole;
import dev.gatewise.im.store.embedded.EmbeddedStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of every action over a real embedded store. */
class StoreAccessCheckTest {
    @TempDir
    Path dir;

    EmbeddedStores stores;
    StoreAccessCheck access;
    String alice;
    String bob;

    @BeforeEach
    void open() {
        stores = new EmbeddedStores(dir, false);
        access = new StoreAccessCheck(stores, new ChatSettings());
        access.accounts().register("alice", "alice-password");
        access.accounts().register("bob", "bob-password");
        alice = access.tokens().issue("alice").token();
        bob = access.tokens().issue("bob").token();
        stores.groups().create(new Group("crew", "crew", "alice", 1), Map.of("alice", GroupRole.OWNER));
    }

    @AfterEach
    void close() {
        stores.close();
    }

    private String check(Action action, String token) {
        return access.check(AccessRequest.of(Protocol.HTTP, action, "x", Credentials.token(token)));
    }

    private static AccessDenied.Reason reason(Runnable check) {
        try {
            check.run();
        } catch (AccessDenied e) {
            return e.reason();
        }
        return null;
    }

    @Test
    void tokensAndPasswordsSayWhoItIs() {
        assertThat(check(Action.LOGIN, alice)).isEqualTo("alice");
        assertThat(access.check(AccessRequest.of(Protocol.TEAMTALK, Action.LOGIN, null,
                Credentials.password("Bob", "bob-password")))).isEqualTo("bob");
        assertThat(reason(() -> access.check(AccessRequest.of(Protocol.TEAMTALK, Action.LOGIN, null,
                Credentials.password("bob", "wrong-password"))))).isEqualTo(AccessDenied.Reason.INVALID);
        assertThat(reason(() -> check(Action.API, "no-such-token"))).isEqualTo(AccessDenied.Reason.INVALID);
        assertThat(reason(() -> check(Action.API, null))).isEqualTo(AccessDenied.Reason.NO_CREDENTIALS);
        var revoked = access.tokens().issue("alice");
        access.tokens().revoke(revoked.token());
        assertThat(reason(() -> check(Action.API, revoked.token()))).isEqualTo(AccessDenied.Reason.INVALID);
    }

    @Test
    void namesStoredBeforeTheConfusablesIndexKeepWorking(@TempDir Path old) {
        // Two accounts an older version let in, confusable with each other ("1" looks like "l").
        var hash = org.springframework.security.crypto.argon2.Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()
                .encode("old-password");
        try (var oldStores = new EmbeddedStores(old, false)) {
            oldStores.accounts().create(new dev.gatewise.im.store.Account("oldname", hash, 1));
            oldStores.accounts().create(new dev.gatewise.im.store.Account("o1dname", hash, 2));
            var check = new StoreAccessCheck(oldStores, new ChatSettings());
            for (String name : new String[] {"oldname", "o1dname", "OLDNAME"}) {
                assertThat(check.accounts().login(name, "old-password", null)).isPresent();
            }
            assertThatThrownBy(() -> check.accounts().register("oldnarne", "new-password"))
                    .hasMessageContaining("too similar to the existing 'o1dname'");
        }
    }

    @Test
    void anExpiredTokenIsToldApart() {
        var settings = new ChatSettings();
        settings.setTokenTtl(Duration.ofMillis(-1000));
        var shortLived = new StoreAccessCheck(stores, settings);
        String token = shortLived.tokens().issue("alice").token();
        assertThat(reason(() -> shortLived.check(AccessRequest.of(Protocol.CHAT, Action.LOGIN, null,
                Credentials.token(token))))).isEqualTo(AccessDenied.Reason.EXPIRED);
    }

    private static AccessRequest teamTalk(String user, String password) {
        return AccessRequest.of(Protocol.TEAMTALK, Action.LOGIN, null, Credentials.password(user, password))
                .from("192.0.2.7");
    }

    @Test
    void aProtocolsRegisteredVerifierChecksItsPasswordsThrottledPerAccountAndAddress() {
        var settings = new ChatSettings();
        settings.setLoginFailuresPerAccount(2);
        settings.setLoginFailuresPerAddress(4);
        var check = new StoreAccessCheck(stores, settings);
        check.verifyPasswordsOf(Protocol.TEAMTALK, (user, password) -> password.equals("hex-of-" + user));
        assertThat(check.check(teamTalk("Alice", "hex-of-alice"))).isEqualTo("alice");
        // The verifier replaces the account's hash for its protocol only, and an unknown account never passes.
        assertThat(reason(() -> check.check(teamTalk("alice", "alice-password"))))
                .isEqualTo(AccessDenied.Reason.INVALID);
        assertThat(check.check(AccessRequest.of(Protocol.HTTP, Action.LOGIN, null,
                Credentials.password("alice", "alice-password")))).isEqualTo("alice");
        assertThat(reason(() -> check.check(teamTalk("carol", "hex-of-carol"))))
                .isEqualTo(AccessDenied.Reason.INVALID);
        // Two failures throttle bob; they are the address's third and fourth, which throttles it for alice too.
        assertThat(reason(() -> check.check(teamTalk("bob", "wrong")))).isEqualTo(AccessDenied.Reason.INVALID);
        assertThat(reason(() -> check.check(teamTalk("bob", "wrong")))).isEqualTo(AccessDenied.Reason.INVALID);
        assertThatThrownBy(() -> check.check(teamTalk("bob", "hex-of-bob")))
                .isInstanceOf(LoginThrottledException.class);
        assertThatThrownBy(() -> check.check(teamTalk("alice", "hex-of-alice")))
                .isInstanceOf(LoginThrottledException.class);
        assertThat(check.check(AccessRequest.of(Protocol.TEAMTALK, Action.LOGIN, null,
                Credentials.password("alice", "hex-of-alice")).from("192.0.2.8"))).isEqualTo("alice");
    }

    @Test
    void publishingInAGroupTakesAMember() {
        var inCrew = AccessRequest.of(Protocol.RTMP, Action.PUBLISH, "live1", Credentials.token(alice))
                .in(Set.of(AccessRequest.group("crew")));
        assertThat(access.check(inCrew)).isEqualTo("alice");
        var bobInCrew = AccessRequest.of(Protocol.RTMP, Action.PUBLISH, "live1", Credentials.token(bob))
                .in(Set.of(AccessRequest.group("crew")));
        assertThatThrownBy(() -> access.check(bobInCrew)).isInstanceOf(AccessDenied.class)
                .hasMessage("you are not a member of group crew");
        assertThat(access.check(AccessRequest.of(Protocol.RTMP, Action.PUBLISH, "live2", Credentials.token(bob))))
                .isEqualTo("bob");
    }

    @Test
    void publishingToAUserTakesOneWhoExists() {
        access.authorize("alice", AccessRequest.of(Protocol.RTMP, Action.PUBLISH, "live1", Credentials.none())
                .in(Set.of(AccessRequest.direct("alice", "bob"))));
        assertThatThrownBy(() -> access.authorize("alice", AccessRequest.of(Protocol.RTMP, Action.PUBLISH, "live1",
                Credentials.none()).in(Set.of(AccessRequest.direct("alice", "nobody")))))
                .isInstanceOf(AccessDenied.class).hasMessage("no user 'nobody'");
    }

    @Test
    void playingTakesThePublisherOrAReaderOfTheStreamsConversation() {
        var inCrew = AccessRequest.of(Protocol.HLS, Action.PLAY, "live1", Credentials.token(bob)).ownedBy("alice")
                .in(Set.of(AccessRequest.group("crew")));
        assertThat(reason(() -> access.check(AccessRequest.of(Protocol.HLS, Action.PLAY, "live1",
                Credentials.none()).ownedBy("alice"))))
                .isEqualTo(AccessDenied.Reason.NO_CREDENTIALS);
        assertThat(reason(() -> access.check(AccessRequest.of(Protocol.RTMP, Action.PLAY, "live1",
                Credentials.token("stale")).ownedBy("alice")))).isEqualTo(AccessDenied.Reason.INVALID);
        assertThatThrownBy(() -> access.check(inCrew)).isInstanceOf(AccessDenied.class)
                .hasMessage("this stream is not shared with you");
        stores.groups().putMembers("crew", Map.of("bob", GroupRole.MEMBER));
        assertThat(access.check(inCrew)).isEqualTo("bob");
        // No conversation named: only the publisher.
        var unnamed = AccessRequest.of(Protocol.RTMP, Action.PLAY, "live2", Credentials.token(bob)).ownedBy("alice");
        assertThat(reason(() -> access.check(unnamed))).isEqualTo(AccessDenied.Reason.FORBIDDEN);
        assertThat(access.check(AccessRequest.of(Protocol.RTMP, Action.PLAY, "live2", Credentials.token(alice))
                .ownedBy("alice"))).isEqualTo("alice");
        assertThat(access.check(unnamed.in(Set.of(AccessRequest.direct("alice", "bob"))))).isEqualTo("bob");
    }

    @Test
    void filesAreTheUploadersAndTheirConversations() {
        var download = AccessRequest.of(Protocol.HTTP, Action.DOWNLOAD, "f1", Credentials.token(bob))
                .ownedBy("alice");
        assertThat(reason(() -> access.check(download))).isEqualTo(AccessDenied.Reason.FORBIDDEN);
        assertThat(access.check(download.in(Set.of("dm:alice:bob")))).isEqualTo("bob");
        assertThat(reason(() -> access.check(download.in(Set.of(AccessRequest.group("crew"))))))
                .isEqualTo(AccessDenied.Reason.FORBIDDEN);
        stores.groups().putMembers("crew", Map.of("bob", GroupRole.MEMBER));
        assertThat(access.check(download.in(Set.of(AccessRequest.group("crew"))))).isEqualTo("bob");

        var append = AccessRequest.of(Protocol.HTTP, Action.UPLOAD, "f1", Credentials.token(bob));
        assertThat(access.check(append)).isEqualTo("bob"); // a new upload: no owner yet
        assertThat(reason(() -> access.check(append.ownedBy("alice")))).isEqualTo(AccessDenied.Reason.FORBIDDEN);
        access.authorize("alice", append.ownedBy("alice"));
    }
}
