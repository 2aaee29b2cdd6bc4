package dev.gatewise.bench.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * hls.js in headless Chromium watching one stream ({@code web/e2e/latency.mjs}): samples, every 500 ms once playing,
 * {@code Date.now() - hls.playingDate} (glass to glass, where the playlist has program date-times) and
 * {@code hls.latency} (behind the live edge), and counts stalls and says when they were.
 */
public final class Player {
    private final Process process;

    /** Starts watching now; samples from when playback begins until {@code seconds} from now. */
    Player(Path webDir, String url, long seconds, boolean lowLatency) throws IOException {
        process = new ProcessBuilder("node", "e2e/latency.mjs", url, Long.toString(seconds),
                lowLatency ? "low-latency" : "classic").directory(webDir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** What it saw; waits for it to finish. */
    Result result() throws Exception {
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        String text = new String(out, StandardCharsets.UTF_8).strip();
        JsonNode json = new ObjectMapper().readTree(text.substring(Math.max(0, text.lastIndexOf('\n') + 1)));
        return new Result(json.path("started").asBoolean(), longs(json.path("glass")), longs(json.path("edge")),
                texts(json.path("stalls")), json.path("errors").toString());
    }

    private static List<String> texts(JsonNode array) {
        var values = new ArrayList<String>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<Long> longs(JsonNode array) {
        var values = new ArrayList<Long>();
        array.forEach(v -> values.add(v.asLong()));
        values.sort(null);
        return values;
    }

    /**
     * Samples in milliseconds, sorted.
     *
     * @param stallsAt when each stall began after playback did, what was buffered ahead then and how long it lasted
     */
    public record Result(boolean started, List<Long> glass, List<Long> edge, List<String> stallsAt, String errors) {
        public int stalls() {
            return stallsAt.size();
        }

        public static long percentile(List<Long> sorted, double p) {
            return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
        }
    }
}
