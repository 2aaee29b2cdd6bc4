package dev.gatewise.hls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.hls.stream.HlsStreamSink;
import dev.gatewise.media.stream.LiveStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport stream's timing as Debian's tstools read it ({@code tsreport -b}): every PES of every stream is due
 * after it arrived (DTS ahead of the PCR), by about the 0.7 s ffmpeg's muxer keeps.
 */
class TsTimingTest {

    private static final Pattern DIFFERENCE = Pattern.compile("(Minimum|Maximum) difference was\\s+(-?\\d+)t");

    @TempDir
    Path root;

    @Test
    void everyDecodeTimeLeadsThePcrByTheMuxDelay() throws Exception {
        HlsSettings settings = TestSettings.under(root);
        try (HlsPackager packager = new HlsPackager(settings, null, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))) {
            HlsStreamSink sink = packager.open(new LiveStream("pcr", "alice", Map.of(), Instant.now()));
            FlvFile.read(TestMedia.video(320, 180, 5)).feed(sink);
            sink.onEnd(true);
            sink.finished().get(30, TimeUnit.SECONDS);
        }

        String report = Processes.run(List.of("tsreport", "-b", root.resolve("pcr/seg-1.ts").toString()));

        assertThat(report).doesNotContain(") < PCR (").contains("Stream 0:", "Stream 1:");
        Matcher m = DIFFERENCE.matcher(report);
        int found = 0;
        while (m.find()) {
            found++;
            // In 90 kHz ticks: at least half a second for the video and the audio PES alike; video PTS, later by
            // the B-frames' reordering, stay within 1.5 s.
            assertThat(Long.parseLong(m.group(2))).as(m.group()).isBetween(45_000L, 135_000L);
        }
        assertThat(found).as(report).isGreaterThanOrEqualTo(4);
    }
}
