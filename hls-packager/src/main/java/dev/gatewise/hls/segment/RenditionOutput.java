package dev.gatewise.hls.segment;

import dev.gatewise.hls.HlsMetrics;
import dev.gatewise.hls.disk.FileWrites;
import dev.gatewise.hls.live.LivePlaylists;
import dev.gatewise.hls.playlist.LowLatencyPlaylist;
import dev.gatewise.hls.playlist.MediaPlaylist;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One rendition's directory, in both formats, cut at the same points and numbered alike: low-latency HLS over fMP4
 * ({@code index.m3u8}, {@code init-N.mp4}, {@code seg-N.m4s}, parts in memory until their segment is written; see
 * {@link CmafOutput}) and classic HLS over MPEG-TS ({@code ts.m3u8}, {@code seg-N.ts}). Files go through the
 * rendition's {@link FileWrites}, in order, so each segment is on disk before the playlist that lists it, both
 * written atomically; segments that leave the window stay on disk for {@code keptAfterWindow} more segments, for
 * players still fetching them, then are deleted. A live playlist appears only once it lists
 * {@value MediaPlaylist#MIN_LIVE_SEGMENTS} segments ({@link MediaPlaylist#publishable()}).
 *
 * <p>Not thread-safe: called by the rendition's muxing thread only ({@link #open()} on its worker, before any
 * frame).
 */
public final class RenditionOutput implements Consumer<Segment>, PartSink {

    /** The low-latency (fMP4) media playlist; also the name of a master playlist over such playlists. */
    public static final String PLAYLIST = CmafOutput.PLAYLIST;
    /** The classic (MPEG-TS) media playlist; also the name of a master playlist over such playlists. */
    public static final String TS_PLAYLIST = "ts.m3u8";

    /** Where a rendition lives and how it is served. */
    public record Place(Path directory, String stream, String rendition) {}

    private final Place place;
    private final FileWrites files;
    private final int window;
    private final int keptAfterWindow;
    private final int targetSeconds;
    private final long partTargetMillis;
    private final LongSupplier firstSequence;
    private final ReceiptClock clock;
    private final LivePlaylists live;
    private final HlsMetrics metrics;
    private final HlsMetrics.Stage stage;
    private final Consumer<Segment> firstSegmentListener;
    private MediaPlaylist playlist;
    private CmafOutput cmaf;
    private long startSequence;
    private int segments;
    private long durationMillis;
    private Segment first;
    private boolean announced;

    /**
     * @param firstSequence the media sequence number to start from when there is no playlist to continue, asked
     *     when the output opens
     * @param files where its file operations go, in order
     * @param firstSegmentListener told about the first segment of this publish once the playlists listing it can be
     *     shown (master playlists wait for it)
     */
    public RenditionOutput(Place place, FileWrites files, int window, int keptAfterWindow, int targetSeconds, long partTargetMillis,
        LongSupplier firstSequence, ReceiptClock clock, LivePlaylists live, HlsMetrics metrics,
        HlsMetrics.Stage stage, Consumer<Segment> firstSegmentListener) {
        this.place = place;
        this.files = files;
        this.window = window;
        this.keptAfterWindow = keptAfterWindow;
        this.targetSeconds = targetSeconds;
        this.partTargetMillis = partTargetMillis;
        this.firstSequence = firstSequence;
        this.clock = clock;
        this.live = live;
        this.metrics = metrics;
        this.stage = stage;
        this.firstSegmentListener = firstSegmentListener;
    }

    /** The formats a segmenter for this output writes: MPEG-TS, then fMP4 with parts. */
    public List<SegmentFormat> formats() {
        return List.of(new TsSegments(this), new CmafSegments(partTargetMillis, this));
    }

    /** Creates the directory and picks up the playlists a previous publish of the same stream left, if any. */
    public void open() throws IOException {
        Files.createDirectories(place.directory());
        long fresh = firstSequence.getAsLong();
        playlist = previous(TS_PLAYLIST, fresh);
        MediaPlaylist segmentsOfCmaf = previous(PLAYLIST, playlist.nextSequence());
        startSequence = playlist.nextSequence();
        cmaf = new CmafOutput(place.directory(), files, new LowLatencyPlaylist(segmentsOfCmaf, partTargetMillis),
            keptAfterWindow, clock, live, place.stream(), place.rendition(), this::announce);
    }

    private MediaPlaylist previous(String name, long fresh) throws IOException {
        Path file = place.directory().resolve(name);
        String text = Files.exists(file) ? Files.readString(file) : "";
        return text.contains("#EXTINF")
            ? MediaPlaylist.continueFrom(text, window, targetSeconds)
            : new MediaPlaylist(window, targetSeconds, fresh);
    }

    /** The sequence number of this publish's first segment; known once {@link #open()} has run. */
    public long startSequence() {
        return startSequence;
    }

    /** The MPEG-TS format's segment: written, listed, and what left the window deleted. */
    @Override
    public void accept(Segment segment) {
        String name = segmentName(playlist.nextSequence());
        files.write(place.directory().resolve(name), segment.pieces());
        for (MediaPlaylist.Entry gone : playlist.add(name, segment.durationMillis())) {
            long expired = gone.sequence() - keptAfterWindow;
            if (expired >= 0) {
                files.delete(place.directory().resolve(segmentName(expired)));
            }
        }
        segments++;
        durationMillis += segment.durationMillis();
        metrics.segmentWritten(stage, segment.size());
        if (first == null) {
            first = segment;
        }
        writePlaylist();
    }

    @Override
    public void init(byte[] initSegment) {
        cmaf.init(initSegment);
    }

    @Override
    public void segmentStart(long startMillis) {
        cmaf.segmentStart(startMillis);
    }

    @Override
    public void part(byte[] fragment, long durationMillis, boolean independent) {
        cmaf.part(fragment, durationMillis, independent);
    }

    @Override
    public void segmentEnd(long durationMillis) {
        cmaf.segmentEnd(durationMillis);
    }

    /** Ends both playlists ({@code EXT-X-ENDLIST}); the segments stay for players to finish. */
    public void end() {
        playlist.end();
        writePlaylist();
        if (cmaf != null) {
            cmaf.end();
        }
    }

    /** Runs once every file operation asked for so far is done. */
    public void afterWrites(Runnable done) {
        files.then(done);
    }

    /** Whether a file operation failed (the rendition is then failed). */
    public boolean failed() {
        return files.failed();
    }

    /** Segments written by this publish. */
    public int segments() {
        return segments;
    }

    /** Their total duration. */
    public long durationMillis() {
        return durationMillis;
    }

    private void writePlaylist() {
        if (playlist.publishable()) {
            files.write(place.directory().resolve(TS_PLAYLIST), playlist.render().getBytes(StandardCharsets.UTF_8));
        }
    }

    // Both playlists are on disk (the TS one is written first at each cut) and the low-latency one is live.
    private void announce() {
        if (!announced && first != null) {
            announced = true;
            firstSegmentListener.accept(first);
        }
    }

    static String segmentName(long sequence) {
        return "seg-" + sequence + ".ts";
    }
}
