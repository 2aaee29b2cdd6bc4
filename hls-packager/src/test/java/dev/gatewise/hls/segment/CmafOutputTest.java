package dev.gatewise.hls.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.hls.disk.FileWrites;
import dev.gatewise.hls.live.LivePart;
import dev.gatewise.hls.live.LivePlaylists;
import dev.gatewise.hls.live.LiveRendition;
import dev.gatewise.hls.playlist.LowLatencyPlaylist;
import dev.gatewise.hls.playlist.MediaPlaylist;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
    private final List<ByteBuf> made = new ArrayList<>();
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
        output.part(buffer(open), 400, true);

        // Until the segment's file is written its parts answer from memory, as they were made.
        for (int i = 0; i < parts.size(); i++) {
            assertThat(inMemory(LowLatencyPlaylist.partName(10, i))).isEqualTo(parts.get(i));
        }

        runQueued();
        // Its buffers are released once the file is written and players are sent to it.
        assertThat(made.subList(0, parts.size())).allMatch(buffer -> buffer.refCnt() == 0);
        // Written: each part is its range of seg-10.m4s, the same bytes; the open segment's part is still in memory.
        for (int i = 0; i < parts.size(); i++) {
            LivePart written = live.part(LowLatencyPlaylist.partName(10, i)).orElseThrow();
            assertThat(written).isInstanceOf(LivePart.InFile.class);
            assertThat(read((LivePart.InFile) written)).isEqualTo(parts.get(i));
        }
        assertThat(((LivePart.InFile) live.part(LowLatencyPlaylist.partName(10, 0)).orElseThrow()).segment())
            .isEqualTo(dir.resolve("seg-10.m4s"));
        assertThat(inMemory(LowLatencyPlaylist.partName(11, 0))).isEqualTo(open);

        // The end drops the open segment's part from memory, and nothing is held any more.
        output.end();
        runQueued();
        assertThat(live.hasPart(LowLatencyPlaylist.partName(11, 0))).isFalse();
        assertThat(made).allMatch(buffer -> buffer.refCnt() == 0);
    }

    @Test
    void partsForgottenBeforeTheirFileIsWrittenStayForgottenAndAFailedWriteLeavesThemInMemory() {
        output.init(new byte[] {0});
        // Four segments while the disk is behind: the first's parts leave the playlist and memory meanwhile.
        for (int i = 0; i < 4; i++) {
            segment(List.of(bytes(2, i), bytes(2, i + 10)));
        }
        assertThat(live.hasPart(LowLatencyPlaylist.partName(10, 0))).isFalse();
        runQueued();
        assertThat(live.hasPart(LowLatencyPlaylist.partName(10, 0))).isFalse();
        assertThat(made).allMatch(buffer -> buffer.refCnt() == 0);
        assertThat(live.part(LowLatencyPlaylist.partName(11, 1))).containsInstanceOf(LivePart.InFile.class);

        // A segment whose file cannot be written (its directory is gone) stays in memory: never a missing range.
        FileWrites broken = new FileWrites("test", Runnable::run, 64);
        LivePlaylists others = new LivePlaylists();
        CmafOutput failing = new CmafOutput(dir.resolve("gone"), broken,
            new LowLatencyPlaylist(new MediaPlaylist(6, 2, 0), 400), 3, new ReceiptClock(), others, "t", null,
            () -> {});
        failing.segmentStart(0);
        failing.part(buffer(bytes(2, 1)), 400, true);
        failing.segmentEnd(400);
        assertThat(broken.failed()).isTrue();
        LiveRendition failed = others.find("t").orElseThrow();
        LivePart kept = failed.part(LowLatencyPlaylist.partName(0, 0)).orElseThrow();
        assertThat(kept).isInstanceOf(LivePart.InMemory.class);
        ((LivePart.InMemory) kept).bytes().release();
        // The failed write released its reference; the end releases the rendition's.
        failing.end();
        assertThat(made.get(made.size() - 1).refCnt()).isZero();
    }

    private void segment(List<byte[]> parts) {
        output.segmentStart(0);
        for (byte[] part : parts) {
            output.part(buffer(part), 2000 / parts.size(), true);
        }
        output.segmentEnd(2000);
    }

    /** A part's bytes as the muxer hands them over: a direct buffer, whose reference the output takes. */
    private ByteBuf buffer(byte[] bytes) {
        ByteBuf buffer = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        made.add(buffer);
        return buffer;
    }

    /** The bytes of a part held in memory, read through the reference a player gets. */
    private byte[] inMemory(String name) {
        ByteBuf held = ((LivePart.InMemory) live.part(name).orElseThrow()).bytes();
        try {
            return ByteBufUtil.getBytes(held);
        } finally {
            held.release();
        }
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
