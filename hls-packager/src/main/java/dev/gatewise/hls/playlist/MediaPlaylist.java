package dev.gatewise.hls.playlist;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A live HLS media playlist (RFC 8216, version 3) with a sliding window: the segments it lists, its media and
 * discontinuity sequence numbers, and whether it has ended. It survives a republish of the same stream by being parsed
 * back from the file it rendered, so the sequence carries on behind an {@code EXT-X-DISCONTINUITY}.
 *
 * <p>Not thread-safe: each rendition's worker owns its playlist.
 */
public final class MediaPlaylist {

    /**
     * One listed segment.
     *
     * @param map its initialization segment ({@code EXT-X-MAP}), or null for MPEG-TS
     * @param programDateTime the wall clock (epoch milliseconds) at which its first frame reached us, or -1
     */
    public record Entry(long sequence, String uri, long durationMillis, boolean discontinuity, String map,
        long programDateTime) {}

    static final int ROUNDING_SLACK_MILLIS = 50;
    /**
     * The fewest segments a live playlist is shown with. Chromium's native player refuses a live playlist with fewer
     * (DEMUXER_ERROR_COULD_NOT_PARSE) and RFC 8216 asks for three target durations before the end; players that are
     * asked for one earlier get a 404 and ask again.
     */
    public static final int MIN_LIVE_SEGMENTS = 3;

    private final int window;
    private final int minTargetSeconds;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long nextSequence;
    private long discontinuitySequence;
    private long longestMillis;
    private boolean ended;
    private boolean discontinuityPending;

    /**
     * An empty playlist.
     *
     * @param window how many segments it lists at most
     * @param minTargetSeconds the target duration it announces at least (the segmenter's target), so the value does
     *     not grow while the first segments come in
     * @param firstSequence the first segment's media sequence number
     */
    public MediaPlaylist(int window, int minTargetSeconds, long firstSequence) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
        this.window = window;
        this.minTargetSeconds = Math.max(1, minTargetSeconds);
        this.nextSequence = firstSequence;
    }

    /**
     * Reads back a playlist this class rendered, to continue it: the next segment gets a discontinuity and its
     * sequence number follows the last one listed. Lines it does not know are ignored.
     */
    public static MediaPlaylist continueFrom(String text, int window, int minTargetSeconds) {
        MediaPlaylist playlist = new MediaPlaylist(window, minTargetSeconds, 0);
        long sequence = 0;
        long duration = -1;
        boolean discontinuity = false;
        String map = null;
        long programDateTime = -1;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                sequence = Long.parseLong(line.substring(line.indexOf(':') + 1));
            } else if (line.startsWith("#EXT-X-DISCONTINUITY-SEQUENCE:")) {
                playlist.discontinuitySequence = Long.parseLong(line.substring(line.indexOf(':') + 1));
            } else if (line.equals("#EXT-X-DISCONTINUITY")) {
                discontinuity = true;
            } else if (line.startsWith("#EXT-X-MAP:URI=\"")) {
                map = line.substring(16, line.indexOf('"', 16));
            } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                programDateTime = Instant.parse(line.substring(25)).toEpochMilli();
            } else if (line.startsWith("#EXTINF:")) {
                String value = line.substring(8, line.indexOf(',') < 0 ? line.length() : line.indexOf(','));
                duration = Math.round(Double.parseDouble(value) * 1000);
            } else if (!line.isEmpty() && !line.startsWith("#") && duration >= 0) {
                playlist.append(new Entry(sequence++, line, duration, discontinuity, map, programDateTime));
                duration = -1;
                discontinuity = false;
                programDateTime = -1;
            }
        }
        playlist.nextSequence = sequence;
        playlist.discontinuityPending = !playlist.entries.isEmpty();
        return playlist;
    }

    /** The sequence number the next segment gets; segment names are derived from it, so they never repeat. */
    public long nextSequence() {
        return nextSequence;
    }

    /**
     * Lists a new segment at the end, ends nothing, and returns the entries that left the window as a result (their
     * files may be deleted once players have had time to fetch them).
     */
    public List<Entry> add(String uri, long durationMillis) {
        return add(uri, durationMillis, null, -1);
    }

    /** {@link #add(String, long)} for a segment with an initialization segment and a program date-time. */
    public List<Entry> add(String uri, long durationMillis, String map, long programDateTime) {
        Entry entry = new Entry(nextSequence++, uri, durationMillis, discontinuityPending, map, programDateTime);
        discontinuityPending = false;
        append(entry);
        List<Entry> removed = new ArrayList<>();
        while (entries.size() > window) {
            Entry gone = entries.removeFirst();
            removed.add(gone);
            // A discontinuity tag that leaves the playlist is counted, so players keep numbering them the same.
            if (gone.discontinuity()) {
                discontinuitySequence++;
            }
        }
        return removed;
    }

    private void append(Entry entry) {
        entries.addLast(entry);
        longestMillis = Math.max(longestMillis, entry.durationMillis());
    }

    /**
     * Whether players may see it: once it has ended, or lists {@value #MIN_LIVE_SEGMENTS} segments (fewer only if the
     * window is smaller).
     */
    public boolean publishable() {
        return ended || entries.size() >= Math.min(MIN_LIVE_SEGMENTS, window);
    }

    /** The listed segments, oldest first. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public long discontinuitySequence() {
        return discontinuitySequence;
    }

    /** Whether the next segment starts after a discontinuity (the first of a republish). */
    public boolean discontinuityPending() {
        return discontinuityPending;
    }

    public boolean ended() {
        return ended;
    }

    /** Marks the playlist as complete: players stop reloading it. */
    public void end() {
        ended = true;
    }

    /**
     * The announced target duration: the longest segment ever listed, rounded up, and never below the minimum. Up to
     * {@value #ROUNDING_SLACK_MILLIS} ms over a whole second do not count: millisecond timestamps and 29.97 fps
     * keyframe intervals make 2.001–2.002 s segments, and announcing 3 s for them would put players (which start
     * three target durations from the live edge) 3 s further behind. RFC 8216 only asks that each duration, rounded
     * to the nearest integer, fit the target, which this always satisfies.
     */
    public int targetDuration() {
        long rounded = (Math.max(0, longestMillis - ROUNDING_SLACK_MILLIS) + 999) / 1000;
        return (int) Math.max(minTargetSeconds, rounded);
    }

    public String render() {
        StringBuilder out = new StringBuilder(128 + 32 * entries.size());
        out.append("#EXTM3U\n#EXT-X-VERSION:3\n");
        out.append("#EXT-X-TARGETDURATION:").append(targetDuration()).append('\n');
        long first = entries.isEmpty() ? nextSequence : entries.peekFirst().sequence();
        out.append("#EXT-X-MEDIA-SEQUENCE:").append(first).append('\n');
        if (discontinuitySequence > 0) {
            out.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitySequence).append('\n');
        }
        for (Entry entry : entries) {
            if (entry.discontinuity()) {
                out.append("#EXT-X-DISCONTINUITY\n");
            }
            appendSeconds(out.append("#EXTINF:"), entry.durationMillis()).append(",\n");
            out.append(entry.uri()).append('\n');
        }
        if (ended) {
            out.append("#EXT-X-ENDLIST\n");
        }
        return out.toString();
    }

    /**
     * Appends milliseconds as seconds with three decimals ({@code 2002} → {@code 2.002}), as {@code %.3f} would,
     * without a {@link java.util.Formatter} (playlists are rendered after every part).
     */
    static StringBuilder appendSeconds(StringBuilder out, long millis) {
        long whole = millis / 1000;
        int fraction = (int) (millis % 1000);
        out.append(whole).append('.');
        if (fraction < 100) {
            out.append('0');
        }
        if (fraction < 10) {
            out.append('0');
        }
        return out.append(fraction);
    }
}
