package dev.gatewise.im.store.embedded.log;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads the fields {@link RecordWriter} wrote, in the same order. */
public final class RecordReader {
    private final byte[] bytes;
    private int at;
    private final int end;

    RecordReader(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.at = start;
        this.end = end;
    }

    public long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = next();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalStateException("varint too long");
    }

    public byte[] bytes() {
        int length = length(varint());
        at += length;
        return Arrays.copyOfRange(bytes, at - length, at);
    }

    public String string() {
        int length = length(varint());
        at += length;
        return new String(bytes, at - length, length, StandardCharsets.UTF_8);
    }

    public String nullable() {
        long length = varint();
        if (length == 0) {
            return null;
        }
        int n = length(length - 1);
        at += n;
        return new String(bytes, at - n, n, StandardCharsets.UTF_8);
    }

    private int length(long length) {
        if (length < 0 || length > end - at) {
            throw new IllegalStateException("field runs past its record");
        }
        return (int) length;
    }

    private byte next() {
        if (at >= end) {
            throw new IllegalStateException("record ends early");
        }
        return bytes[at++];
    }
}
