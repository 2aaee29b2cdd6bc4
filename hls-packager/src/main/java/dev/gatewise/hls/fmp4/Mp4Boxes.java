package dev.gatewise.hls.fmp4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growing big-endian buffer that ISO BMFF boxes are written into; a box's size is filled in when it is closed. */
final class Mp4Boxes {

    private byte[] data;
    private int size;

    Mp4Boxes(int capacity) {
        data = new byte[capacity];
    }

    /** Opens a box of the given four-character type; returns its position for {@link #close(int)}. */
    int open(String type) {
        int at = size;
        u32(0);
        bytes(type.getBytes(StandardCharsets.US_ASCII));
        return at;
    }

    /** Opens a full box: a box with a version and 24 bits of flags. */
    int openFull(String type, int version, int flags) {
        int at = open(type);
        u32(version << 24 | flags);
        return at;
    }

    void close(int at) {
        set32(at, size - at);
    }

    Mp4Boxes u8(int value) {
        ensure(1);
        data[size++] = (byte) value;
        return this;
    }

    Mp4Boxes u16(int value) {
        ensure(2);
        data[size++] = (byte) (value >>> 8);
        data[size++] = (byte) value;
        return this;
    }

    Mp4Boxes u24(int value) {
        return u8(value >>> 16).u16(value & 0xFFFF);
    }

    Mp4Boxes u32(long value) {
        ensure(4);
        set32(size, value);
        size += 4;
        return this;
    }

    Mp4Boxes u64(long value) {
        return u32(value >>> 32).u32(value & 0xFFFFFFFFL);
    }

    Mp4Boxes zeros(int count) {
        ensure(count);
        Arrays.fill(data, size, size + count, (byte) 0);
        size += count;
        return this;
    }

    Mp4Boxes bytes(byte[] bytes) {
        return bytes(bytes, 0, bytes.length);
    }

    Mp4Boxes bytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, data, size, length);
        size += length;
        return this;
    }

    void set32(int at, long value) {
        data[at] = (byte) (value >>> 24);
        data[at + 1] = (byte) (value >>> 16);
        data[at + 2] = (byte) (value >>> 8);
        data[at + 3] = (byte) value;
    }

    int size() {
        return size;
    }

    /** What was written: the buffer itself if that is exactly full (sized by the caller), else a copy. */
    byte[] toByteArray() {
        return size == data.length ? data : Arrays.copyOf(data, size);
    }

    private void ensure(int more) {
        if (size + more > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
        }
    }
}
