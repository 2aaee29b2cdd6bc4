package dev.gatewise.hls.segment;

import dev.gatewise.hls.disk.FileWrites;
import dev.gatewise.hls.live.LivePart;
import dev.gatewise.hls.live.LivePlaylists;
import dev.gatewise.hls.live.LiveRendition;
import dev.gatewise.hls.playlist.LowLatencyPlaylist;
import dev.gatewise.hls.playlist.MediaPlaylist;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The low-latency half of a rendition's directory: initialization segments ({@code init-N.mp4}, named after the
 * first segment that uses them), fMP4 segments ({@code seg-N.m4s}) and the playlist ({@code index.m3u8}) on disk,
 * and in memory, for players, the playlist with parts ({@code part-N-I.m4s}) and the open segment's parts. Files are
 * written through the rendition's {@link FileWrites}, in order, and a playlist is published to players once the files
 * asked for before it are written (at once when there are none), so a segment and its initialization segment are on
 * disk before a playlist lists them; a part is in memory before one lists it. Once a segment's file is written its
 * parts are served as ranges of it and leave memory (see {@link LivePart}), which keeps one segment of media per
 * rendition on the heap. The copy on disk lists whole segments only (it is what a republish continues from, and what
 * is served once the stream is over). Parts are forgotten one segment after they leave the playlist.
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
    // The open segment's parts, references of their own to the buffers the live rendition serves: the segment file is
    // written from them.
    private final List<ByteBuf> segment = new ArrayList<>();
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
        dropUnwritten();
    }

    @Override
    public void part(ByteBuf fragment, long durationMillis, boolean independent) {
        long sequence = playlist.openSequence();
        int index = playlist.position().openParts();
        String name = LowLatencyPlaylist.partName(sequence, index);
        live.addPart(name, fragment.retain());
        segment.add(fragment);
        playlist.addPart(new LowLatencyPlaylist.Part(name, durationMillis, independent));
        partCounts.put(sequence, index + 1);
        publish();
    }

    @Override
    public void segmentEnd(long durationMillis) {
        long sequence = playlist.openSequence();
        String name = LowLatencyPlaylist.segmentName(sequence);
        Path file = directory.resolve(name);
        Map<String, LivePart.InFile> ranges = ranges(file, sequence);
        // The file write releases the segment's references, written or not.
        files.write(file, Unpooled.wrappedBuffer(segment.toArray(ByteBuf[]::new)));
        // A write that failed left no file: its parts stay in memory until they are forgotten.
        files.whenWritten(() -> {
            if (!files.failed()) {
                live.partsWritten(ranges);
            }
        });
        segment.clear();
        for (MediaPlaylist.Entry gone : playlist.endSegment(name, durationMillis)) {
            long expired = gone.sequence() - keptAfterWindow;
            if (expired >= 0) {
                files.delete(directory.resolve(LowLatencyPlaylist.segmentName(expired)));
            }
        }
        long staleSequence = sequence - SEGMENTS_OF_PARTS_KEPT;
        Integer stale = partCounts.remove(staleSequence);
        for (int i = 0; stale != null && i < stale; i++) {
            live.removePart(LowLatencyPlaylist.partName(staleSequence, i));
        }
        writePlaylist();
        publish();
    }

    /** Where each part of the segment just completed lies in its file, the parts one after the other. */
    private Map<String, LivePart.InFile> ranges(Path file, long sequence) {
        Map<String, LivePart.InFile> ranges = new HashMap<>();
        long offset = 0;
        for (int i = 0; i < segment.size(); i++) {
            int length = segment.get(i).readableBytes();
            ranges.put(LowLatencyPlaylist.partName(sequence, i), new LivePart.InFile(file, offset, length));
            offset += length;
        }
        return ranges;
    }

    /** Ends the playlist; the stream's files answer from disk from now on. */
    void end() {
        dropUnwritten();
        playlist.end();
        writePlaylist();
        live.clearParts();
        publish();
        files.whenWritten(() -> registry.close(live));
    }

    /** Releases the parts of a segment that was never completed (the rendition failed): they are not written. */
    private void dropUnwritten() {
        segment.forEach(ByteBuf::release);
        segment.clear();
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
            playlist.segments().publishable());
    }
}
