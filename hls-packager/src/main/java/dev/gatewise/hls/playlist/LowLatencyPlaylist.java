package dev.gatewise.hls.playlist;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A live Low-Latency HLS media playlist (RFC 8216bis, protocol version 9) over fMP4 segments: the window of
 * segments (a {@link MediaPlaylist}, which also keeps the sequence numbers, discontinuities and target duration and
 * reads a previous publish's playlist back), each with its {@code EXT-X-MAP} and {@code EXT-X-PROGRAM-DATE-TIME};
 * the partial segments of the last two complete segments and of the one being written ({@code EXT-X-PART}, so parts
 * are never listed more than three target durations from the end); a {@code EXT-X-PRELOAD-HINT} for the next part;
 * and {@code EXT-X-SERVER-CONTROL} announcing blocking reloads, a part hold-back of three part targets and delta
 * updates ({@code CAN-SKIP-UNTIL} six target durations).
 *
 * <p>Not thread-safe: each rendition's worker owns its playlist; {@link #position()} and {@link #contents()} give
 * what other threads may share.
 */
public final class LowLatencyPlaylist {

    /** One partial segment. */
    public record Part(String uri, long durationMillis, boolean independent) {}

    /**
     * Where the playlist is: the segment being written ({@code openSequence}, with {@code openParts} parts so far),
     * how many parts the last complete segment has, and whether the stream has ended.
     */
    public record Position(long openSequence, int openParts, int lastCompleteParts, boolean ended) {

        /**
         * Whether a playlist at this position answers a blocking request for part {@code part} of segment
         * {@code sequence} (part -1: the whole segment): that part or a later one exists, or the stream has ended.
         * A part past the end of a complete segment is the next segment's first.
         */
        public boolean satisfies(long sequence, int part) {
            if (ended) {
                return true;
            }
            if (part < 0) {
                return sequence < openSequence;
            }
            if (sequence < openSequence - 1) {
                return true;
            }
            if (sequence == openSequence - 1) {
                return part < lastCompleteParts || openParts > 0;
            }
            return sequence == openSequence && part < openParts;
        }

        /**
         * Whether a blocking request asks too far ahead to be held (RFC 8216bis 6.2.5.2: more than two segments after
         * the last one, or more parts ahead than the Advance Part Limit, three seconds' worth of parts).
         */
        public boolean tooFarAhead(long sequence, int part, long partTargetMillis) {
            if (ended) {
                return false;
            }
            int advance = partTargetMillis < 1000 ? (int) Math.ceil(3000.0 / partTargetMillis) : 3;
            return sequence > openSequence + 1
                || (sequence == openSequence && part >= openParts + advance)
                || (sequence == openSequence + 1 && part >= advance);
        }

        /** This rendition's {@code EXT-X-RENDITION-REPORT} line for a sibling's playlist, at {@code uri}. */
        public String report(String uri) {
            boolean inOpen = openParts > 0;
            long sequence = inOpen ? openSequence : openSequence - 1;
            int part = inOpen ? openParts - 1 : lastCompleteParts - 1;
            return "#EXT-X-RENDITION-REPORT:URI=\"" + uri + "\",LAST-MSN=" + sequence
                + (part >= 0 ? ",LAST-PART=" + part : "") + "\n";
        }
    }

    private static final int SEGMENTS_WITH_PARTS = 2;

    private final MediaPlaylist segments;
    private final long partTargetMillis;
    private final Map<Long, List<Part>> partsOfSegment = new LinkedHashMap<>();
    private final List<Part> openParts = new ArrayList<>();
    private boolean open;
    private String map;
    private long openProgramDateTime = -1;

    /**
     * @param segments the segment window (new, or read back with {@link MediaPlaylist#continueFrom})
     * @param partTargetMillis the longest a part lasts
     */
    public LowLatencyPlaylist(MediaPlaylist segments, long partTargetMillis) {
        this.segments = segments;
        this.partTargetMillis = partTargetMillis;
    }

    /** The sequence number of the segment being written, or of the next one. */
    public long openSequence() {
        return segments.nextSequence();
    }

    /** The initialization segment the next segments use. */
    public void map(String uri) {
        map = uri;
    }

    /** A segment starts, its first frame having reached us at {@code programDateTime} (epoch milliseconds). */
    public void startSegment(long programDateTime) {
        open = true;
        openParts.clear();
        openProgramDateTime = programDateTime;
    }

    /** A part of the open segment is complete. */
    public void addPart(Part part) {
        openParts.add(part);
    }

    /**
     * The open segment is complete: it is listed with its parts, and what leaves the window is returned (as by
     * {@link MediaPlaylist#add}).
     */
    public List<MediaPlaylist.Entry> endSegment(String uri, long durationMillis) {
        long sequence = segments.nextSequence();
        List<MediaPlaylist.Entry> removed = segments.add(uri, durationMillis, map, openProgramDateTime);
        partsOfSegment.put(sequence, List.copyOf(openParts));
        while (partsOfSegment.size() > SEGMENTS_WITH_PARTS) {
            partsOfSegment.remove(partsOfSegment.keySet().iterator().next());
        }
        openParts.clear();
        open = false;
        return removed;
    }

    /** The stream has ended: no parts or hints any more, {@code EXT-X-ENDLIST}. */
    public void end() {
        segments.end();
        partsOfSegment.clear();
        openParts.clear();
        open = false;
    }

    public MediaPlaylist segments() {
        return segments;
    }

    public long partTargetMillis() {
        return partTargetMillis;
    }

    public Position position() {
        List<Part> last = partsOfSegment.get(segments.nextSequence() - 1);
        return new Position(segments.nextSequence(), openParts.size(), last == null ? 0 : last.size(),
            segments.ended());
    }

    /** The name of part {@code index} of segment {@code sequence}. */
    public static String partName(long sequence, int index) {
        return "part-" + sequence + "-" + index + ".m4s";
    }

    /** The name of segment {@code sequence}. */
    public static String segmentName(long sequence) {
        return "seg-" + sequence + ".m4s";
    }

    /** What the playlist lists now, to be rendered later, on any thread. */
    public Contents contents() {
        return new Contents(this);
    }

    /**
     * The playlist as served.
     *
     * @param skip whether to leave out (as {@code EXT-X-SKIP}) the segments that start more than
     *     {@code CAN-SKIP-UNTIL} before the end: a delta update for {@code _HLS_skip=YES}
     * @param withParts false for the copy on disk, which lists whole segments only
     */
    public String render(boolean skip, boolean withParts) {
        return contents().render(skip, withParts);
    }

    /**
     * What a playlist lists at one moment, and its text for players, rendered on first use: the playlist changes
     * after every part, and most versions are never asked for (many renditions have no low-latency player at all),
     * nor both as the full text and as the delta update.
     *
     * <p>Thread-safe, as HTTP event loops share it: two asking at once may both render a text, the same one, and
     * either is kept.
     */
    public static final class Contents {

        private final List<MediaPlaylist.Entry> entries;
        private final long nextSequence;
        private final long discontinuitySequence;
        private final boolean discontinuityPending;
        private final int targetDuration;
        private final boolean ended;
        private final long partTargetMillis;
        private final Map<Long, List<Part>> partsOfSegment;
        private final List<Part> openParts;
        private final boolean open;
        private final String map;
        private final long openProgramDateTime;
        private volatile String full;
        private volatile String delta;

        private Contents(LowLatencyPlaylist playlist) {
            MediaPlaylist segments = playlist.segments;
            entries = segments.entries();
            nextSequence = segments.nextSequence();
            discontinuitySequence = segments.discontinuitySequence();
            discontinuityPending = segments.discontinuityPending();
            targetDuration = segments.targetDuration();
            ended = segments.ended();
            partTargetMillis = playlist.partTargetMillis;
            // A complete segment's parts are an immutable list already: only the open segment's are copied.
            partsOfSegment = Map.copyOf(playlist.partsOfSegment);
            openParts = List.copyOf(playlist.openParts);
            open = playlist.open;
            map = playlist.map;
            openProgramDateTime = playlist.openProgramDateTime;
        }

        /** The target duration it announces. */
        public long targetMillis() {
            return targetDuration * 1000L;
        }

        public long partTargetMillis() {
            return partTargetMillis;
        }

        /** The whole playlist, with parts. */
        public String full() {
            String text = full;
            if (text == null) {
                text = render(false, true);
                full = text;
            }
            return text;
        }

        /** The delta update ({@code _HLS_skip=YES}), the full text when there is nothing to skip. */
        public String delta() {
            String text = delta;
            if (text == null) {
                text = skippable() > 0 ? render(true, true) : full();
                delta = text;
            }
            return text;
        }

        private String render(boolean skip, boolean withParts) {
            long skipUntilMillis = 6000L * targetDuration;
            StringBuilder out = new StringBuilder(256 + 96 * entries.size() + 80 * (openParts.size() + 8));
            out.append("#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:").append(targetDuration).append('\n');
            boolean live = !ended;
            if (withParts) {
                out.append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=")
                    .append(seconds(skipUntilMillis)).append(",PART-HOLD-BACK=").append(seconds(3 * partTargetMillis))
                    .append('\n');
                out.append("#EXT-X-PART-INF:PART-TARGET=").append(seconds(partTargetMillis)).append('\n');
            }
            long first = entries.isEmpty() ? nextSequence : entries.get(0).sequence();
            out.append("#EXT-X-MEDIA-SEQUENCE:").append(first).append('\n');
            if (discontinuitySequence > 0) {
                out.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitySequence).append('\n');
            }
            int skipped = skip ? skippable() : 0;
            if (skipped > 0) {
                out.append("#EXT-X-SKIP:SKIPPED-SEGMENTS=").append(skipped).append('\n');
            }
            String previousMap = null;
            for (MediaPlaylist.Entry entry : entries.subList(skipped, entries.size())) {
                previousMap = segmentTags(out, entry.discontinuity(), entry.map(), previousMap,
                    entry.programDateTime());
                if (withParts) {
                    parts(out, partsOfSegment.getOrDefault(entry.sequence(), List.of()));
                }
                MediaPlaylist.appendSeconds(out.append("#EXTINF:"), entry.durationMillis()).append(",\n");
                out.append(entry.uri()).append('\n');
            }
            if (live && withParts) {
                if (open) {
                    segmentTags(out, discontinuityPending, map, previousMap, openProgramDateTime);
                    parts(out, openParts);
                }
                out.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"")
                    .append(partName(nextSequence, open ? openParts.size() : 0)).append("\"\n");
            }
            if (!live) {
                out.append("#EXT-X-ENDLIST\n");
            }
            return out.toString();
        }

        /**
         * How many segments a delta update leaves out: those starting {@code CAN-SKIP-UNTIL} or more before the end.
         */
        private int skippable() {
            long skipUntilMillis = 6000L * targetDuration;
            long remaining = openParts.stream().mapToLong(Part::durationMillis).sum();
            for (MediaPlaylist.Entry entry : entries) {
                remaining += entry.durationMillis();
            }
            int skipped = 0;
            for (MediaPlaylist.Entry entry : entries) {
                if (remaining < skipUntilMillis) {
                    break;
                }
                remaining -= entry.durationMillis();
                skipped++;
            }
            return skipped;
        }
    }

    /** Discontinuity, map (when it changes) and date of a segment; returns the map in force after it. */
    private static String segmentTags(StringBuilder out, boolean discontinuity, String map, String previousMap,
        long programDateTime) {
        if (discontinuity) {
            out.append("#EXT-X-DISCONTINUITY\n");
        }
        if (map != null && !map.equals(previousMap)) {
            out.append("#EXT-X-MAP:URI=\"").append(map).append("\"\n");
        }
        if (programDateTime >= 0) {
            out.append("#EXT-X-PROGRAM-DATE-TIME:").append(Instant.ofEpochMilli(programDateTime)).append('\n');
        }
        return map;
    }

    private static void parts(StringBuilder out, List<Part> parts) {
        for (Part part : parts) {
            MediaPlaylist.appendSeconds(out.append("#EXT-X-PART:DURATION="), part.durationMillis()).append(",URI=\"")
                .append(part.uri()).append('"');
            if (part.independent()) {
                out.append(",INDEPENDENT=YES");
            }
            out.append('\n');
        }
    }

    private static StringBuilder seconds(long millis) {
        return MediaPlaylist.appendSeconds(new StringBuilder(12), millis);
    }
}
