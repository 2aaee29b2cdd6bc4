package dev.gatewise.hls.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.hls.disk.FileWrites;
import dev.gatewise.hls.live.LivePart;
import dev.gatewise.hls.live.LivePlaylists;
import dev.gatewise.hls.live.LiveRendition;
import dev.gatewise.hls.playlist.LowLatencyPlaylist;
import dev.gatewise.hls.playlist.MediaPlaylist;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a live rendition's parts are served from: memory while their segment is open, its file once written. */
class CmafOutputTest {

    @TempDir
    Path dir;

    /** The rendition's ordered writer, run by hand. */
    private final Queue<Runnable> queued = new ArrayDeque<>();
    private CmafOutput output;
    private LiveRendition live;

    @BeforeEach
    void open() {
        LivePlaylists registry = new LivePlaylists();
        output = new CmafOutput(dir, new FileWrites("test", queued::add, 64),
            new LowLatencyPlaylist(new MediaPlaylist(6, 2, 10), 400), 3, new ReceiptClock(), registry, "s", null,
            () -> {});
        live = registry.find("s").orElseThrow();
    }

    private void runQueued() {
        for (Runnable task; (task = queued.poll()) != null; ) {
            task.run();
        }
    }

    @Test
    void aSegmentsPartsAreRangesOfItsFileOnceWrittenAndTheOpenSegmentsStayInMemory() throws IOException {
        output.init(new byte[] {0});
        List<byte[]> parts = List.of(bytes(5, 1), bytes(3, 2), bytes(7, 3));
        segment(parts);
        output.segmentStart(2000);
        byte[] open = bytes(4, 9);
        output.part(open, 400, true);

        // Until the segment's file is written its parts answer from memory, as they were made.
        for (int i = 0; i < parts.size(); i++) {
            LivePart held = live.part(LowLatencyPlaylist.partName(10, i)).orElseThrow();
            assertThat(((LivePart.InMemory) held).bytes()).isSameAs(parts.get(i));
        }

        runQueued();
        // Written: each part is its range of seg-10.m4s, the same bytes; the open segment's part is still in memory.
        for (int i = 0; i < parts.size(); i++) {
            LivePart written = live.part(LowLatencyPlaylist.partName(10, i)).orElseThrow();
            assertThat(written).isInstanceOf(LivePart.InFile.class);
            assertThat(read((LivePart.InFile) written)).isEqualTo(parts.get(i));
        }
        assertThat(((LivePart.InFile) live.part(LowLatencyPlaylist.partName(10, 0)).orElseThrow()).segment())
            .isEqualTo(dir.resolve("seg-10.m4s"));
        assertThat(((LivePart.InMemory) live.part(LowLatencyPlaylist.partName(11, 0)).orElseThrow()).bytes())
            .isSameAs(open);
    }

    @Test
    void partsForgottenBeforeTheirFileIsWrittenStayForgottenAndAFailedWriteLeavesThemInMemory() {
        output.init(new byte[] {0});
        // Four segments while the disk is behind: the first's parts leave the playlist and memory meanwhile.
        for (int i = 0; i < 4; i++) {
            segment(List.of(bytes(2, i), bytes(2, i + 10)));
        }
        assertThat(live.part(LowLatencyPlaylist.partName(10, 0))).isEmpty();
        runQueued();
        assertThat(live.part(LowLatencyPlaylist.partName(10, 0))).isEmpty();
        assertThat(live.part(LowLatencyPlaylist.partName(11, 1))).containsInstanceOf(LivePart.InFile.class);

        // A segment whose file cannot be written (its directory is gone) stays in memory: never a missing range.
        FileWrites broken = new FileWrites("test", Runnable::run, 64);
        LivePlaylists others = new LivePlaylists();
        CmafOutput failing = new CmafOutput(dir.resolve("gone"), broken,
            new LowLatencyPlaylist(new MediaPlaylist(6, 2, 0), 400), 3, new ReceiptClock(), others, "t", null,
            () -> {});
        failing.segmentStart(0);
        failing.part(bytes(2, 1), 400, true);
        failing.segmentEnd(400);
        assertThat(broken.failed()).isTrue();
        assertThat(others.find("t").orElseThrow().part(LowLatencyPlaylist.partName(0, 0)))
            .containsInstanceOf(LivePart.InMemory.class);
    }

    private void segment(List<byte[]> parts) {
        output.segmentStart(0);
        for (byte[] part : parts) {
            output.part(part, 2000 / parts.size(), true);
        }
        output.segmentEnd(2000);
    }

    private static byte[] bytes(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] read(LivePart.InFile range) throws IOException {
        try (FileChannel channel = FileChannel.open(range.segment())) {
            ByteBuffer buffer = ByteBuffer.allocate(range.length());
            channel.read(buffer, range.offset());
            return buffer.array();
        }
    }
}
