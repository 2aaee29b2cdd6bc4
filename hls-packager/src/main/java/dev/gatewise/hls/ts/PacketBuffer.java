package dev.gatewise.hls.ts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Transport stream packets collected in chunks of 64 KiB. A segment grows without copying what it already has (a
 * {@code ByteArrayOutputStream} doubles and copies, keeps its largest capacity for good, and copies once more to hand
 * the bytes on), and what it held is let go as soon as it is taken: a stream holds about its open segment, not a
 * megabyte of spare capacity and a copy waiting for the disk.
 */
public final class PacketBuffer {
    private static final int CHUNK = 64 * 1024;

    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int used;
    private int size;

    public void write(byte[] bytes, int offset, int length) {
        size += length;
        while (length > 0) {
            if (current == null || used == current.length) {
                current = new byte[CHUNK];
                chunks.add(current);
                used = 0;
            }
            int n = Math.min(length, current.length - used);
            System.arraycopy(bytes, offset, current, used, n);
            used += n;
            offset += n;
            length -= n;
        }
    }

    /** Bytes written since the last {@link #take()}. */
    public int size() {
        return size;
    }

    /** What was written, as pieces to write one after the other (the last cut to what it holds); starts empty again. */
    public List<byte[]> take() {
        if (current != null && used < current.length) {
            chunks.set(chunks.size() - 1, Arrays.copyOf(current, used));
        }
        List<byte[]> taken = List.copyOf(chunks);
        chunks.clear();
        current = null;
        used = 0;
        size = 0;
        return taken;
    }
}
