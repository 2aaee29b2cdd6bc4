package dev.gatewise.hls.segment;

import dev.gatewise.hls.disk.FileWrites;
import dev.gatewise.hls.live.LivePart;
import dev.gatewise.hls.live.LivePlaylists;
import dev.gatewise.hls.live.LiveRendition;
import dev.gatewise.hls.playlist.LowLatencyPlaylist;
import dev.gatewise.hls.playlist.MediaPlaylist;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The low-latency half of a rendition's directory: initialization segments ({@code init-N.mp4}, named after the
 * first segment that uses them), fMP4 segments ({@code seg-N.m4s}) and the playlist ({@code index.m3u8}) on disk,
 * and in memory, for players, the playlist with parts ({@code part-N-I.m4s}). Files are written through the
 * rendition's {@link FileWrites}, in order, and a playlist is published to players once the files asked for before it
 * are written (at once when there are none), so a segment, its initialization segment and a part are on disk before a
 * playlist lists them. Each part is appended to its segment's parts file ({@code .seg-N.m4s.parts}) as it is made,
 * and served as its range of that file once written (see {@link LivePart}); a complete parts file gets the segment's
 * name as a second one (a hard link: whole at once, like a rename, while the parts keep their ranges), and loses its
 * own when its parts are forgotten, one segment after they leave the playlist. So no media stays on the heap beyond
 * its write. The copy on disk lists whole segments only (it is what a republish continues from, and what is served
 * once the stream is over).
 *
 * <p>Not thread-safe: called by the rendition's muxing thread only.
 */
final class CmafOutput implements PartSink {

    static final String PLAYLIST = "index.m3u8";
    private static final int SEGMENTS_OF_PARTS_KEPT = 3;

    private final Path directory;
    private final FileWrites files;
    private final LowLatencyPlaylist playlist;
    private final int keptAfterWindow;
    private final ReceiptClock clock;
    private final LivePlaylists registry;
    private final LiveRendition live;
    private final Runnable firstPublished;
    private final Map<Long, Integer> partCounts = new HashMap<>();
    // How much of the open segment's parts file has been asked to be written.
    private long openBytes;
    private boolean published;

    /**
     * @param rendition the directory's name below the stream's, or null without renditions
     * @param firstPublished told once the playlist can first be shown to players
     */
    CmafOutput(Path directory, FileWrites files, LowLatencyPlaylist playlist, int keptAfterWindow, ReceiptClock clock,
        LivePlaylists registry, String stream, String rendition, Runnable firstPublished) {
        this.directory = directory;
        this.files = files;
        this.playlist = playlist;
        this.keptAfterWindow = keptAfterWindow;
        this.clock = clock;
        this.registry = registry;
        this.firstPublished = firstPublished;
        this.live = registry.open(stream, rendition, snapshot());
    }

    /** The sequence number of the segment being written, or of the next one. */
    long openSequence() {
        return playlist.openSequence();
    }

    /** What players of this rendition are served from memory. */
    LiveRendition live() {
        return live;
    }

    @Override
    public void init(byte[] initSegment) {
        String name = "init-" + playlist.openSequence() + ".mp4";
        files.write(directory.resolve(name), initSegment);
        playlist.map(name);
    }

    @Override
    public void segmentStart(long startMillis) {
        // Nothing players see changes until its first part: the hint already names that part.
        playlist.startSegment(clock.wallAt(startMillis));
    }

    @Override
    public void part(byte[] fragment, long durationMillis, boolean independent) {
        long sequence = playlist.openSequence();
        int index = playlist.position().openParts();
        String name = LowLatencyPlaylist.partName(sequence, index);
        live.addPart(name, fragment);
        Path file = partsFile(sequence);
        files.append(file, fragment, openBytes == 0);
        LivePart.InFile range = new LivePart.InFile(file, openBytes, fragment.length);
        openBytes += fragment.length;
        // A write that failed left no range to read: the part stays in memory until it is forgotten.
        files.whenWritten(() -> {
            if (!files.failed()) {
                live.partWritten(name, range);
            }
        });
        playlist.addPart(new LowLatencyPlaylist.Part(name, durationMillis, independent));
        partCounts.put(sequence, index + 1);
        publish();
    }

    @Override
    public void segmentEnd(long durationMillis) {
        long sequence = playlist.openSequence();
        String name = LowLatencyPlaylist.segmentName(sequence);
        if (openBytes == 0) {
            files.append(partsFile(sequence), new byte[0], true);
        }
        // Complete: the parts file gets the segment's name too, whole at once, as a rename would give it.
        files.link(directory.resolve(name), partsFile(sequence));
        openBytes = 0;
        for (MediaPlaylist.Entry gone : playlist.endSegment(name, durationMillis)) {
            long expired = gone.sequence() - keptAfterWindow;
            if (expired >= 0) {
                files.delete(directory.resolve(LowLatencyPlaylist.segmentName(expired)));
            }
        }
        forgetParts(sequence - SEGMENTS_OF_PARTS_KEPT);
        writePlaylist();
        publish();
    }

    /** Forgets a segment's parts, and the parts file's name (the segment keeps its own). */
    private void forgetParts(long sequence) {
        Integer count = partCounts.remove(sequence);
        if (count != null) {
            for (int i = 0; i < count; i++) {
                live.removePart(LowLatencyPlaylist.partName(sequence, i));
            }
            files.delete(partsFile(sequence));
        }
    }

    /** Where a segment's parts are appended as they are made; a dot-name, which is never served. */
    private Path partsFile(long sequence) {
        return directory.resolve("." + LowLatencyPlaylist.segmentName(sequence) + ".parts");
    }

    /** Ends the playlist; the stream's files answer from disk from now on. */
    void end() {
        playlist.end();
        writePlaylist();
        live.clearParts();
        List.copyOf(partCounts.keySet()).forEach(this::forgetParts);
        publish();
        files.whenWritten(() -> registry.close(live));
    }

    private void writePlaylist() {
        if (playlist.segments().publishable()) {
            files.write(directory.resolve(PLAYLIST), playlist.render(false, false).getBytes(StandardCharsets.UTF_8));
        }
    }

    private void publish() {
        LiveRendition.Snapshot next = snapshot();
        files.whenWritten(() -> live.publish(next));
        if (!published && playlist.segments().publishable()) {
            published = true;
            firstPublished.run();
        }
    }

    private LiveRendition.Snapshot snapshot() {
        return new LiveRendition.Snapshot(playlist.contents(), playlist.position(),
            playlist.segments().publishable(), playlist.segments().targetDuration() * 1000L,
            playlist.partTargetMillis());
    }
}
