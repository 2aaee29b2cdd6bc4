package dev.gatewise.media.rtmp.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatewise.media.rtmp.RtmpSettings;
import dev.gatewise.media.testing.Ffmpeg;
import dev.gatewise.media.testing.RecordingSink;
import dev.gatewise.media.testing.TestRelay;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A publisher's socket is read once per tick, everything it sends still arrives in order, and a fast one is not held back. */
class ReadPacingTest {
    private static final int SECONDS = 3;

    @Test
    void aPacedPublisherIsReadOncePerTickAndLosesNothing() throws Exception {
        Publish paced = publish(Duration.ofMillis(50));
        Publish unpaced = publish(Duration.ZERO);

        // 25 video and about 43 audio messages a second, each read as it arrives unless paced.
        assertThat(unpaced.reads).isGreaterThan(60.0 * SECONDS);
        // Ticks of 50 ms, plus the handshake and the commands before the publish starts.
        assertThat(paced.reads).isLessThan(SECONDS * 1000 / 50 + 40);
        for (Publish publish : new Publish[] {paced, unpaced}) {
            assertThat(publish.sink.clean()).isTrue();
            assertThat(publish.sink.videoFrames()).hasSizeBetween(25 * SECONDS - 5, 25 * SECONDS + 5);
            assertThat(publish.sink.audioFrames()).hasSizeGreaterThan(40 * SECONDS);
            assertThat(publish.sink.videoFrames()).extracting(f -> f.dts()).isSorted();
        }
    }

    @Test
    void aPublisherSendingMoreThanABurstPerTickIsReadAsBytesArrive() throws Exception {
        var settings = new RtmpSettings();
        settings.setPublishReadInterval(Duration.ofSeconds(1));
        try (var relay = new TestRelay(settings)) {
            // Noise, lossless and as fast as ffmpeg encodes: tens of megabytes, where a read per one-second tick takes
            // at most a read loop's 16 buffers of 64 KiB.
            long start = System.nanoTime();
            Ffmpeg encode = Ffmpeg.start("-loglevel", "warning", "-f", "lavfi", "-i",
                    "nullsrc=size=320x180:rate=25,geq=lum='random(1)*255':cb=128:cr=128",
                    "-t", "10", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-f",
                    "flv", relay.url("fast?token=good"));
            assertThat(encode.waitFor(Duration.ofSeconds(60))).as(encode.output()).isZero();
            RecordingSink sink = relay.sinks.latest("fast").orElseThrow();
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.endCount() == 1);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(sink.videoFrames()).hasSize(250);
            double bytes = relay.counter("gatewise.rtmp.bytes.in");
            assertThat(bytes).isGreaterThan(8 << 20);
            // Held to the ticks it would take at least bytes / 1 MiB seconds.
            assertThat(took).isLessThan(Duration.ofSeconds((long) (bytes / (1 << 20)) - 2));
        }
    }

    private record Publish(double reads, RecordingSink sink) {
    }

    private static Publish publish(Duration interval) throws Exception {
        var settings = new RtmpSettings();
        settings.setPublishReadInterval(interval);
        try (var relay = new TestRelay(settings)) {
            Ffmpeg encode = Ffmpeg.publishTestCard(relay.url("cam?token=good"), SECONDS, true);
            assertThat(encode.waitFor(Duration.ofSeconds(30))).as(encode.output()).isZero();
            RecordingSink sink = relay.sinks.latest("cam").orElseThrow();
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.endCount() == 1);
            return new Publish(relay.counter("gatewise.rtmp.reads"), sink);
        }
    }
}
