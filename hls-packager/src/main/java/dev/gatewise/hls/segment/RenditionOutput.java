package dev.gatewise.hls.segment;

import dev.gatewise.hls.HlsMetrics;
import dev.gatewise.hls.disk.AtomicFiles;
import dev.gatewise.hls.playlist.MediaPlaylist;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One rendition's directory: its segments ({@code seg-SEQUENCE.ts}) and its media playlist ({@code index.m3u8}).
 * Each segment is on disk before the playlist that lists it, both written atomically; segments that leave the window
 * stay on disk for {@code keptAfterWindow} more segments, for players still fetching them, then are deleted. A live
 * playlist appears only once it lists {@value MediaPlaylist#MIN_LIVE_SEGMENTS} segments
 * ({@link MediaPlaylist#publishable()}).
 *
 * <p>Not thread-safe: called by the rendition's worker only.
 */
public final class RenditionOutput implements Consumer<Segment> {

    public static final String PLAYLIST = "index.m3u8";

    private final Path directory;
    private final int window;
    private final int keptAfterWindow;
    private final int targetSeconds;
    private final LongSupplier firstSequence;
    private final HlsMetrics metrics;
    private final HlsMetrics.Stage stage;
    private final Consumer<Segment> firstSegmentListener;
    private MediaPlaylist playlist;
    private long startSequence;
    private int segments;
    private long durationMillis;
    private Segment first;
    private boolean announced;

    /**
     * @param firstSequence the media sequence number to start from when there is no playlist to continue, asked
     *     when the output opens
     * @param firstSegmentListener told about the first segment of this publish once the playlist listing it is on
     *     disk (master playlists wait for it)
     */
    public RenditionOutput(Path directory, int window, int keptAfterWindow, int targetSeconds,
        LongSupplier firstSequence, HlsMetrics metrics, HlsMetrics.Stage stage,
        Consumer<Segment> firstSegmentListener) {
        this.directory = directory;
        this.window = window;
        this.keptAfterWindow = keptAfterWindow;
        this.targetSeconds = targetSeconds;
        this.firstSequence = firstSequence;
        this.metrics = metrics;
        this.stage = stage;
        this.firstSegmentListener = firstSegmentListener;
    }

    /** Creates the directory and picks up the playlist a previous publish of the same stream left, if any. */
    public void open() throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(PLAYLIST);
        String previous = Files.exists(file) ? Files.readString(file) : "";
        playlist = previous.contains("#EXTINF")
            ? MediaPlaylist.continueFrom(previous, window, targetSeconds)
            : new MediaPlaylist(window, targetSeconds, firstSequence.getAsLong());
        startSequence = playlist.nextSequence();
    }

    /** The sequence number of this publish's first segment; known once {@link #open()} has run. */
    public long startSequence() {
        return startSequence;
    }

    public void write(Segment segment) throws IOException {
        String name = segmentName(playlist.nextSequence());
        AtomicFiles.write(directory.resolve(name), segment.data());
        for (MediaPlaylist.Entry gone : playlist.add(name, segment.durationMillis())) {
            long expired = gone.sequence() - keptAfterWindow;
            if (expired >= 0) {
                Files.deleteIfExists(directory.resolve(segmentName(expired)));
            }
        }
        segments++;
        durationMillis += segment.durationMillis();
        metrics.segmentWritten(stage, segment.data().length);
        if (first == null) {
            first = segment;
        }
        writePlaylist();
    }

    /** {@link #write} for a {@link Segmenter}'s output, with I/O failures unchecked. */
    @Override
    public void accept(Segment segment) {
        try {
            write(segment);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the playlist ({@code EXT-X-ENDLIST}); the segments stay for players to finish. */
    public void end() throws IOException {
        playlist.end();
        writePlaylist();
    }

    /** Segments written by this publish. */
    public int segments() {
        return segments;
    }

    /** Their total duration. */
    public long durationMillis() {
        return durationMillis;
    }

    private void writePlaylist() throws IOException {
        if (!playlist.publishable()) {
            return;
        }
        AtomicFiles.write(directory.resolve(PLAYLIST), playlist.render().getBytes(StandardCharsets.UTF_8));
        if (!announced && first != null) {
            announced = true;
            firstSegmentListener.accept(first);
        }
    }

    static String segmentName(long sequence) {
        return "seg-" + sequence + ".ts";
    }
}
