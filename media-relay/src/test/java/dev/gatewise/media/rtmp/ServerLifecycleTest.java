package dev.gatewise.media.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatewise.media.testing.Ffmpeg;
import dev.gatewise.media.testing.RawRtmpClient;
import dev.gatewise.media.testing.RecordingAppender;
import dev.gatewise.media.testing.RecordingSink;
import dev.gatewise.media.testing.TestRelay;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Idle connections and stopping the server. */
class ServerLifecycleTest {

    @Test
    void connectionThatSendsNothingIsClosed() throws Exception {
        RtmpSettings settings = new RtmpSettings();
        settings.setIdleTimeout(Duration.ofSeconds(1));
        try (var relay = new TestRelay(settings); var client = new RawRtmpClient(relay.port())) {
            client.connect();
            assertThat(client.closedByServer(Duration.ofSeconds(5))).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> RecordingAppender.warnings().stream()
                    .anyMatch(w -> w.contains("sent nothing for 1 s")));
        }
    }

    @Test
    void stoppingTheServerEndsLiveStreamsUnclean() throws Exception {
        var relay = new TestRelay();
        Ffmpeg publisher = Ffmpeg.publishTestCard(relay.url("stopping?token=good"), 30, true);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> relay.sinks.latest("stopping")
                    .map(s -> !s.videoFrames().isEmpty()).orElse(false));
            relay.server.stop();
            RecordingSink sink = relay.sinks.latest("stopping").orElseThrow();
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.endCount() == 1);
            assertThat(sink.clean()).isFalse();
            assertThat(relay.registry.list()).isEmpty();
            assertThat(publisher.waitFor(Duration.ofSeconds(10))).isNotZero();
        } finally {
            publisher.kill();
            relay.close();
        }
    }
}
