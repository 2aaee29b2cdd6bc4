package dev.gatewise.bench.live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * One Low-Latency HLS viewer of one stream, as hls.js would be: it reloads the playlist with blocking requests
 * ({@code _HLS_msn}/{@code _HLS_part} of the hinted next part) and notes, for every part that appears, how long after
 * the publisher sent the part's last video frame (see {@link KeyframeClock}) the playlist listed it. Media time is
 * counted from the publish's first segment, which starts at the file's first keyframe (timestamp 0).
 */
final class PartWatch {
    private static final Pattern SEQUENCE = Pattern.compile("#EXT-X-MEDIA-SEQUENCE:(\\d+)");
    private static final Pattern LINE = Pattern.compile(
            "#EXT-X-PART:DURATION=([0-9.]+),URI=\"part-(\\d+)-(\\d+)\\.m4s\"|#EXTINF:([0-9.]+),\\s*\\nseg-(\\d+)\\.m4s"
                    + "|PRELOAD-HINT:TYPE=PART,URI=\"part-(\\d+)-(\\d+)\\.m4s\"");

    private final HttpClient http;
    private final String playlist;
    private final KeyframeClock clock;
    private final Histogram delays = new Histogram(60_000_000_000L, 3);
    private final Set<String> seen = new HashSet<>();
    /** Segment → its start in media time (ms), from the publish's first. */
    private final Map<Long, Double> starts = new HashMap<>();
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile boolean stopped;
    private long first = -1;

    PartWatch(HttpClient http, String playlist, KeyframeClock clock) {
        this.http = http;
        this.playlist = playlist;
        this.clock = clock;
    }

    void start() {
        reload(playlist);
    }

    /** Counts parts listed from {@code nanoTime} on. */
    void measureFrom(long nanoTime) {
        measureFrom = nanoTime;
    }

    void stop() {
        stopped = true;
    }

    synchronized Histogram delays() {
        return delays.copy();
    }

    private void reload(String url) {
        if (stopped) {
            return;
        }
        http.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                    long now = System.nanoTime();
                    String next = playlist;
                    if (error == null && response.statusCode() == 200) {
                        next = read(response.body(), now);
                    } else {
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    reload(next);
                });
    }

    /** Notes the new parts; returns the blocking request for the hinted one. */
    private synchronized String read(String text, long now) {
        Matcher sequence = SEQUENCE.matcher(text);
        if (sequence.find() && first < 0) {
            first = Long.parseLong(sequence.group(1));
            starts.put(first, 0.0);
        }
        String next = playlist;
        Map<Long, Double> partEnds = new HashMap<>();
        Matcher m = LINE.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) {
                long segment = Long.parseLong(m.group(2));
                double end = partEnds.getOrDefault(segment, 0.0) + Double.parseDouble(m.group(1)) * 1000;
                partEnds.put(segment, end);
                String uri = segment + "-" + m.group(3);
                Double start = starts.get(segment);
                if (start != null && seen.add(uri) && now >= measureFrom) {
                    long sent = clock.frameBefore(Math.round(start + end));
                    if (sent > 0) {
                        delays.recordValue(Math.max(0, now - sent));
                    }
                }
            } else if (m.group(4) != null) {
                long segment = Long.parseLong(m.group(5));
                Double start = starts.get(segment);
                if (start != null) {
                    starts.putIfAbsent(segment + 1, start + Double.parseDouble(m.group(4)) * 1000);
                }
            } else {
                next = playlist + "?_HLS_msn=" + m.group(6) + "&_HLS_part=" + m.group(7);
            }
        }
        return next;
    }
}
