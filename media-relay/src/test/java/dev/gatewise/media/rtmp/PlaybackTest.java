package dev.gatewise.media.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatewise.media.rtmp.chunk.MessageType;
import dev.gatewise.media.rtmp.chunk.RtmpMessage;
import dev.gatewise.media.rtmp.session.Command;
import dev.gatewise.media.rtmp.session.DataMessage;
import dev.gatewise.media.testing.Ffmpeg;
import dev.gatewise.media.testing.RawRtmpClient;
import dev.gatewise.media.testing.RecordingSink;
import dev.gatewise.media.testing.TestRelay;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What RTMP players get, in what order, and what happens to players that cannot keep up. */
class PlaybackTest {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(30);

    @Test
    void playerGetsStatusMetadataHeadersThenAKeyframeAndIsToldWhenTheStreamEnds() throws Exception {
        try (var relay = new TestRelay()) {
            Ffmpeg publisher = Ffmpeg.publishTestCard(relay.url("order?token=good"), 4, true);
            // Join mid-GOP, so the cached group of pictures is what starts the player.
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.sinks.latest("order")
                    .map(s -> s.videoFrames().size() > 10).orElse(false));
            List<String> seen = new ArrayList<>();
            try (var player = new RawRtmpClient(relay.port())) {
                player.connect();
                player.command(0, "createStream", null);
                player.awaitCommand("_result");
                player.command(1, "play", null, "order");
                boolean ended = false;
                while (!ended) {
                    Object message;
                    try {
                        message = player.next();
                    } catch (IOException closed) {
                        break;
                    }
                    String what = describe(message);
                    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(what)) {
                        seen.add(what);
                    }
                    ended = what.equals("status NetStream.Play.UnpublishNotify");
                }
                assertThat(player.closedByServer(Duration.ofSeconds(5))).isTrue();
            }
            assertThat(publisher.waitFor(RUN_LIMIT)).isZero();
            assertThat(seen.subList(0, 7)).containsExactly("status NetStream.Play.Reset",
                    "status NetStream.Play.Start", "data |RtmpSampleAccess", "data onMetaData", "video config",
                    "audio config", "video keyframe");
            assertThat(seen).contains("video frame", "audio frame");
            assertThat(seen.get(seen.size() - 1)).isEqualTo("status NetStream.Play.UnpublishNotify");
        }
    }

    @Test
    void playerThatStopsReadingLosesFramesNotThePublisher() throws Exception {
        RtmpSettings settings = new RtmpSettings();
        settings.setPlayerHighWatermark(64 * 1024);
        try (var relay = new TestRelay(settings);
                var stuck = new RawRtmpClient(relay.port(), 4096)) {
            // Noise encoded losslessly: a few megabytes a second, which a player that never reads cannot take.
            Ffmpeg publisher = Ffmpeg.start("-loglevel", "warning", "-re", "-f", "lavfi", "-i",
                    "testsrc=size=320x180:rate=25", "-t", "4", "-vf", "noise=alls=40:allf=t", "-pix_fmt", "yuv420p",
                    "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-g", "25", "-f", "flv",
                    relay.url("flood?token=good"));
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.registry.isLive("flood"));
            stuck.connect();
            stuck.command(0, "createStream", null);
            stuck.awaitCommand("_result");
            stuck.command(1, "play", null, "flood");
            stuck.awaitStatus();

            assertThat(publisher.waitFor(RUN_LIMIT)).as(publisher.output()).isZero();
            RecordingSink sink = relay.sinks.latest("flood").orElseThrow();
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.endCount() == 1);
            assertThat(sink.clean()).isTrue();
            assertThat(sink.videoFrames()).hasSizeBetween(95, 105);
            assertThat(relay.counter("gatewise.rtmp.frames.dropped")).isGreaterThan(10);
            // Once the stream is over, the stuck player is let go after a grace period.
            assertThat(stuck.closedByServer(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void playersBeyondTheLimitAreRefused() throws Exception {
        RtmpSettings settings = new RtmpSettings();
        settings.setMaxPlayersPerStream(1);
        try (var relay = new TestRelay(settings);
                var first = new RawRtmpClient(relay.port());
                var second = new RawRtmpClient(relay.port())) {
            Ffmpeg publisher = Ffmpeg.publishTestCard(relay.url("popular?token=good"), 3, true);
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.registry.isLive("popular"));
            for (RawRtmpClient player : List.of(first, second)) {
                player.connect();
                player.command(0, "createStream", null);
                player.awaitCommand("_result");
                player.command(1, "play", null, "popular");
            }
            assertThat(first.awaitStatus()).containsEntry("code", "NetStream.Play.Reset");
            assertThat(second.awaitStatus()).containsEntry("code", "NetStream.Play.Failed")
                    .containsEntry("description", "stream popular has too many players");
            assertThat(second.closedByServer(Duration.ofSeconds(5))).isTrue();
            assertThat(publisher.waitFor(RUN_LIMIT)).isZero();
        }
    }

    private static String describe(Object message) {
        if (message instanceof Command command) {
            return command.name().equals("onStatus")
                    ? "status " + ((Map<?, ?>) command.arguments().get(0)).get("code") : "command " + command.name();
        }
        if (message instanceof DataMessage data) {
            return "data " + data.values().get(0);
        }
        RtmpMessage media = (RtmpMessage) message;
        try {
            int first = media.content().getUnsignedByte(0);
            int second = media.content().getUnsignedByte(1);
            if (media.type() == MessageType.VIDEO) {
                return second == 0 ? "video config" : first == 0x17 ? "video keyframe" : "video frame";
            }
            return second == 0 ? "audio config" : "audio frame";
        } finally {
            media.release();
        }
    }
}
