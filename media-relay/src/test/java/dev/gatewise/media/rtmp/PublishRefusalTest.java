package dev.gatewise.media.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatewise.media.testing.Ffmpeg;
import dev.gatewise.media.testing.RawRtmpClient;
import dev.gatewise.media.testing.RecordingAppender;
import dev.gatewise.media.testing.RecordingSink;
import dev.gatewise.media.testing.TestRelay;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Publishes the relay refuses: bad tokens, bad names, codecs HLS cannot carry. */
class PublishRefusalTest {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(30);
    private static TestRelay relay;

    @BeforeAll
    static void start() {
        relay = new TestRelay();
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    @Test
    void wrongTokenIsRefusedWithTheReasonAndNothingOpens() throws Exception {
        Ffmpeg publisher = Ffmpeg.publishTestCard(relay.url("cam4?token=nope"), 2, true);
        assertThat(publisher.waitFor(RUN_LIMIT)).isNotZero();
        assertThat(publisher.output()).contains("invalid token");
        assertThat(relay.sinks.openedFor("cam4")).isZero();
        assertThat(relay.started).doesNotContain("cam4");
        assertThat(RecordingAppender.warnings()).anyMatch(w -> w.contains("'cam4' refused: invalid token"));
        assertThat(relay.counter("gatewise.rtmp.publishes.refused", "reason", "unauthorized")).isPositive();
    }

    @Test
    void aPublishWhoseSessionEndsGetsAStatusAndIsClosed() throws Exception {
        try (var client = new RawRtmpClient(relay.port())) {
            client.connect();
            client.command(0, "createStream", null);
            client.awaitCommand("_result");
            client.command(1, "publish", null, "camEnded?token=bob", "live");
            assertThat(client.awaitStatus()).containsEntry("code", "NetStream.Publish.Start");
            assertThat(relay.authorizer.endSession("bob", "the session was logged out; log in again")).isEqualTo(1);
            assertThat(client.awaitStatus()).containsEntry("level", "error")
                    .containsEntry("code", "NetStream.Publish.Unauthorized")
                    .containsEntry("description", "the session was logged out; log in again");
            assertThat(client.closedByServer(Duration.ofSeconds(3))).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !relay.registry.isLive("camEnded"));
        // Ended with the publish: nothing watches the session any more.
        assertThat(relay.authorizer.watching("bob")).isZero();
    }

    @Test
    void ffmpegPublishingIsStoppedWhenItsSessionEnds() throws Exception {
        Ffmpeg publisher = Ffmpeg.publishTestCard(relay.url("camFfmpegEnded?token=good"), 30, true);
        await().atMost(Duration.ofSeconds(15)).until(() -> relay.authorizer.watching("good") == 1);
        assertThat(relay.authorizer.endSession("good", "the session expired; log in again")).isEqualTo(1);
        assertThat(publisher.waitFor(Duration.ofSeconds(10))).as(publisher.output()).isNotZero();
        // ffmpeg does not print a status that comes while it publishes: it sees the close, long before its 30 s.
        await().atMost(Duration.ofSeconds(5)).until(() -> !relay.registry.isLive("camFfmpegEnded"));
    }

    @Test
    void missingTokenIsRefused() throws Exception {
        Ffmpeg publisher = Ffmpeg.publishTestCard(relay.url("cam4b"), 2, true);
        assertThat(publisher.waitFor(RUN_LIMIT)).isNotZero();
        assertThat(publisher.output()).contains("missing token");
        assertThat(relay.sinks.openedFor("cam4b")).isZero();
    }

    @Test
    void tokenInTheConnectUrlIsAccepted() throws Exception {
        try (var client = new RawRtmpClient(relay.port())) {
            client.handshake();
            client.command(0, "connect", Map.of("app", "live?token=good&group=g7",
                    "tcUrl", "rtmp://127.0.0.1/live?token=good&group=g7"));
            client.awaitCommand("_result");
            client.command(0, "createStream", null);
            client.awaitCommand("_result");
            client.command(1, "publish", null, "viaConnect", "live");
            assertThat(client.awaitStatus()).containsEntry("code", "NetStream.Publish.Start");
            assertThat(relay.registry.find("viaConnect").orElseThrow().params()).isEqualTo(Map.of("group", "g7"));
            client.command(1, "deleteStream", null, 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> !relay.registry.isLive("viaConnect"));
        }
        RecordingSink sink = relay.sinks.latest("viaConnect").orElseThrow();
        assertThat(sink.clean()).isTrue();
    }

    @Test
    void pathTricksAndOverlongNamesAreBadNames() throws Exception {
        for (String name : new String[] {"../x", "a/b", "x".repeat(65), "", "sp ace", "..%2Fx"}) {
            try (var client = new RawRtmpClient(relay.port())) {
                client.connect();
                client.command(0, "createStream", null);
                client.awaitCommand("_result");
                client.command(1, "publish", null, name + (name.contains("?") ? "" : "?token=good"), "live");
                assertThat(client.awaitStatus()).as(name)
                        .containsEntry("code", "NetStream.Publish.BadName").containsEntry("level", "error");
                assertThat(client.closedByServer(Duration.ofSeconds(3))).isTrue();
            }
        }
        Ffmpeg publisher = Ffmpeg.publishTestCard(relay.url("y".repeat(65) + "?token=good"), 2, true);
        assertThat(publisher.waitFor(RUN_LIMIT)).isNotZero();
        assertThat(publisher.output()).contains("invalid stream name");
        assertThat(relay.registry.list()).isEmpty();
    }

    @Test
    void videoOtherThanH264IsRefused() throws Exception {
        Ffmpeg publisher = Ffmpeg.start("-loglevel", "warning", "-re", "-f", "lavfi", "-i",
                "testsrc=size=320x240:rate=25", "-t", "3", "-c:v", "flv1", "-f", "flv", relay.url("flv1?token=good"));
        assertThat(publisher.waitFor(RUN_LIMIT)).isNotZero();
        assertThat(RecordingAppender.warnings()).anyMatch(w -> w.contains("unsupported codec video codec id 2 "
                + "(Sorenson H.263); HLS carries only H.264 video and AAC audio"));
        RecordingSink sink = relay.sinks.latest("flv1").orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.endCount() == 1);
        assertThat(sink.clean()).isFalse();
        assertThat(sink.videoFrames()).isEmpty();
        assertThat(relay.registry.isLive("flv1")).isFalse();
        assertThat(relay.counter("gatewise.rtmp.publishes.refused", "reason", "unsupported_codec")).isPositive();
        // Never announced: no "started" then "ended" for a stream that was refused.
        assertThat(relay.started).doesNotContain("flv1");
        assertThat(relay.ended).doesNotContain("flv1");
    }

    @Test
    void aTrackHlsCanCarryBesideOneItCannotDoesNotGetTheStreamAnnounced() throws Exception {
        // ffmpeg sends the AAC configuration before the first Sorenson frame; the metadata names both codecs first.
        Ffmpeg publisher = Ffmpeg.start("-loglevel", "warning", "-re", "-f", "lavfi", "-i",
                "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440", "-t", "3",
                "-c:v", "flv1", "-c:a", "aac", "-f", "flv", relay.url("mixed?token=good"));
        assertThat(publisher.waitFor(RUN_LIMIT)).isNotZero();
        RecordingSink sink = relay.sinks.latest("mixed").orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.endCount() == 1);
        assertThat(sink.audioFrames()).isEmpty();
        assertThat(relay.started).doesNotContain("mixed");
        assertThat(relay.ended).doesNotContain("mixed");
    }

    @Test
    void audioOtherThanAacIsRefused() throws Exception {
        Ffmpeg publisher = Ffmpeg.start("-loglevel", "warning", "-re", "-f", "lavfi", "-i", "sine=frequency=440",
                "-t", "3", "-c:a", "libmp3lame", "-f", "flv", relay.url("mp3?token=good"));
        assertThat(publisher.waitFor(RUN_LIMIT)).isNotZero();
        assertThat(RecordingAppender.warnings()).anyMatch(w -> w.contains("unsupported codec audio format 2 (MP3)"));
        RecordingSink sink = relay.sinks.latest("mp3").orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.endCount() == 1);
        assertThat(sink.audioFrames()).isEmpty();
        assertThat(relay.started).doesNotContain("mp3");
        assertThat(relay.ended).doesNotContain("mp3");
    }
}
