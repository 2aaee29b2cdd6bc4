package dev.gatewise.hls.segment;

import dev.gatewise.hls.HlsMetrics;
import dev.gatewise.hls.HlsSettings;
import dev.gatewise.hls.disk.FileWrites;
import dev.gatewise.hls.live.LivePlaylists;
import dev.gatewise.hls.live.LiveRendition;
import dev.gatewise.hls.playlist.LowLatencyPlaylist;
import dev.gatewise.hls.playlist.MediaPlaylist;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rendition's directory, in both formats, cut at the same points and numbered alike: low-latency HLS over fMP4
 * ({@code index.m3u8}, {@code init-N.mp4}, {@code seg-N.m4s}, parts in memory until their segment is written; see
 * {@link CmafOutput}), always made, and classic HLS over MPEG-TS ({@code ts.m3u8}, {@code seg-N.ts}), made from the
 * publish's start ({@link HlsSettings.Classic#ALWAYS}) or only while players ask for it ({@code ON_REQUEST}): from
 * the first segment that starts after a request until one starts {@code classicIdle} after the last, when its
 * playlist and segments are deleted. Files go through the rendition's {@link FileWrites}, in order, so each segment is
 * on disk before the playlist that lists it, both written atomically; segments that leave the window stay on disk
 * for {@code keptAfterWindow} more segments, for players still fetching them, then are deleted. A live playlist
 * appears only once it lists {@value MediaPlaylist#MIN_LIVE_SEGMENTS} segments ({@link MediaPlaylist#publishable()}).
 *
 * <p>Not thread-safe: called by the rendition's muxing thread only ({@link #open()} on its worker, before any
 * frame).
 */
public final class RenditionOutput implements PartSink {

    private static final Logger log = LoggerFactory.getLogger(RenditionOutput.class);

    /** The low-latency (fMP4) media playlist; also the name of a master playlist over such playlists. */
    public static final String PLAYLIST = CmafOutput.PLAYLIST;
    /** The classic (MPEG-TS) media playlist; also the name of a master playlist over such playlists. */
    public static final String TS_PLAYLIST = "ts.m3u8";

    /** Where a rendition lives and how it is served. */
    public record Place(Path directory, String stream, String rendition) {}

    /** When classic HLS is made: always, or while players asked for it within {@code idle}. */
    public record ClassicPolicy(HlsSettings.Classic classic, Duration idle) {}

    private final Place place;
    private final FileWrites files;
    private final int window;
    private final int keptAfterWindow;
    private final int targetSeconds;
    private final long partTargetMillis;
    private final ClassicPolicy classicPolicy;
    private final LongSupplier firstSequence;
    private final ReceiptClock clock;
    private final LivePlaylists live;
    private final HlsMetrics metrics;
    private final HlsMetrics.Stage stage;
    private final LongConsumer firstSegmentListener;
    private CmafOutput cmaf;
    // The classic playlist while MPEG-TS is made, else null.
    private MediaPlaylist classic;
    // The previous publish's classic playlist, continued if MPEG-TS is made from this publish's first segment.
    private MediaPlaylist previousClassic;
    // Whether showing the classic playlist has been asked for since it was last hidden.
    private boolean classicShown;
    private long startSequence;
    private int segments;
    private long durationMillis;
    private int openSegmentBytes;
    private long firstBitsPerSecond = -1;
    private boolean announced;

    /**
     * @param firstSequence the media sequence number to start from when there is no playlist to continue, asked
     *     when the output opens
     * @param files where its file operations go, in order
     * @param firstSegmentListener told the bit rate of the first segment of this publish once the playlist listing
     *     it can be shown (master playlists wait for it)
     */
    public RenditionOutput(Place place, FileWrites files, int window, int keptAfterWindow, int targetSeconds,
        long partTargetMillis, ClassicPolicy classicPolicy, LongSupplier firstSequence, ReceiptClock clock,
        LivePlaylists live, HlsMetrics metrics, HlsMetrics.Stage stage, LongConsumer firstSegmentListener) {
        this.place = place;
        this.files = files;
        this.window = window;
        this.keptAfterWindow = keptAfterWindow;
        this.targetSeconds = targetSeconds;
        this.partTargetMillis = partTargetMillis;
        this.classicPolicy = classicPolicy;
        this.firstSequence = firstSequence;
        this.clock = clock;
        this.live = live;
        this.metrics = metrics;
        this.stage = stage;
        this.firstSegmentListener = firstSegmentListener;
    }

    /** The formats a segmenter for this output writes: MPEG-TS (when made), then fMP4 with parts. */
    public List<SegmentFormat> formats() {
        return List.of(new TsSegments(this::makeClassic, this::classicSegment),
            new CmafSegments(partTargetMillis, this));
    }

    /**
     * Creates the directory and picks up the playlists a previous publish of the same stream left, if any: the
     * low-latency one sets the numbering; the classic one is continued only where it ended at the same segment.
     */
    public void open() throws IOException {
        Files.createDirectories(place.directory());
        MediaPlaylist segmentsOfCmaf = previous(PLAYLIST, firstSequence.getAsLong());
        startSequence = segmentsOfCmaf.nextSequence();
        MediaPlaylist classicLeft = previous(TS_PLAYLIST, startSequence);
        if (!classicLeft.entries().isEmpty()) {
            previousClassic = classicLeft;
        }
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

    /**
     * Whether the segment starting now is made in MPEG-TS too; starts and stops the classic playlist as players come
     * and go. The previous publish's is continued from the first segment, or else deleted with its segments.
     */
    private boolean makeClassic() {
        boolean wanted = classicPolicy.classic() == HlsSettings.Classic.ALWAYS
            || cmaf.live().classicRequests().askedWithin(classicPolicy.idle());
        if (wanted && classic == null) {
            // The previous publish's is only there until the first segment has decided.
            boolean continues = previousClassic != null && previousClassic.nextSequence() == cmaf.openSequence();
            classic = continues ? previousClassic : new MediaPlaylist(window, targetSeconds, cmaf.openSequence());
            if (!continues && previousClassic != null) {
                deleteClassic(previousClassic, false);
            }
            previousClassic = null;
            if (classicPolicy.classic() == HlsSettings.Classic.ON_REQUEST) {
                log.info("HLS {}: classic HLS (MPEG-TS) asked for, made from segment {} on", this,
                    cmaf.openSequence());
            }
        } else if (!wanted && classic != null) {
            log.info("HLS {}: classic HLS (MPEG-TS) not asked for in {} s, stopped before segment {}", this,
                classicPolicy.idle().toSeconds(), cmaf.openSequence());
            deleteClassic(classic, true);
            classic = null;
        } else if (!wanted && previousClassic != null) {
            deleteClassic(previousClassic, false);
            previousClassic = null;
        }
        return wanted;
    }

    /** Deletes a classic playlist and its segments; one that players may see is hidden from them first. */
    private void deleteClassic(MediaPlaylist playlist, boolean current) {
        if (current && classicShown) {
            LiveRendition rendition = cmaf.live();
            // In order with the write that showed it, which may still be to come.
            files.whenWritten(() -> rendition.showClassic(false));
            classicShown = false;
        }
        files.delete(place.directory().resolve(TS_PLAYLIST));
        List<MediaPlaylist.Entry> listed = playlist.entries();
        long from = listed.isEmpty() ? playlist.nextSequence() : listed.get(0).sequence() - keptAfterWindow;
        for (long sequence = Math.max(0, from); sequence < playlist.nextSequence(); sequence++) {
            files.delete(place.directory().resolve(segmentName(sequence)));
        }
    }

    /** An MPEG-TS segment: written, listed, and what left the window deleted. */
    private void classicSegment(Segment segment) {
        String name = segmentName(classic.nextSequence());
        files.write(place.directory().resolve(name), segment.pieces());
        for (MediaPlaylist.Entry gone : classic.add(name, segment.durationMillis())) {
            long expired = gone.sequence() - keptAfterWindow;
            if (expired >= 0) {
                files.delete(place.directory().resolve(segmentName(expired)));
            }
        }
        writeClassicPlaylist();
    }

    @Override
    public void init(byte[] initSegment) {
        cmaf.init(initSegment);
    }

    @Override
    public void segmentStart(long startMillis) {
        openSegmentBytes = 0;
        cmaf.segmentStart(startMillis);
    }

    @Override
    public void part(ByteBuf fragment, long durationMillis, boolean independent) {
        openSegmentBytes += fragment.readableBytes();
        cmaf.part(fragment, durationMillis, independent);
    }

    @Override
    public void segmentEnd(long durationMillis) {
        segments++;
        this.durationMillis += durationMillis;
        metrics.segmentWritten(stage, openSegmentBytes);
        if (firstBitsPerSecond < 0) {
            firstBitsPerSecond = openSegmentBytes * 8000L / Math.max(1, durationMillis);
        }
        cmaf.segmentEnd(durationMillis);
    }

    /** Ends both playlists ({@code EXT-X-ENDLIST}); the segments stay for players to finish. */
    public void end() {
        if (classic != null) {
            classic.end();
            writeClassicPlaylist();
        }
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

    private void writeClassicPlaylist() {
        if (classic.publishable()) {
            files.write(place.directory().resolve(TS_PLAYLIST), classic.render().getBytes(StandardCharsets.UTF_8));
            if (!classicShown) {
                LiveRendition rendition = cmaf.live();
                files.whenWritten(() -> rendition.showClassic(true));
                classicShown = true;
            }
        }
    }

    // The low-latency playlist listing the first segment is live.
    private void announce() {
        if (!announced && firstBitsPerSecond >= 0) {
            announced = true;
            firstSegmentListener.accept(firstBitsPerSecond);
        }
    }

    static String segmentName(long sequence) {
        return "seg-" + sequence + ".ts";
    }

    @Override
    public String toString() {
        return "stream " + place.stream() + (place.rendition() == null ? "" : ", rendition " + place.rendition());
    }
}
