package dev.gatewise.im.store.embedded.log;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds a record's body: a type byte, then fields as varints, longs and length-prefixed bytes. Room for
 * the frame header is left at the front, so the log writes the finished array as it is.
 */
public final class RecordWriter {
    private byte[] bytes;
    private int size = Frame.HEADER;

    public RecordWriter(byte type, int expectedSize) {
        bytes = new byte[Frame.HEADER + 1 + expectedSize];
        bytes[size++] = type;
    }

    public RecordWriter varint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[size++] = (byte) value;
        return this;
    }

    public RecordWriter bytes(byte[] value) {
        varint(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        return this;
    }

    public RecordWriter string(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A string that may be null (written as length + 1, 0 for null). */
    public RecordWriter nullable(String value) {
        if (value == null) {
            return varint(0);
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        varint(utf8.length + 1L);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
        return this;
    }

    /** The framed record (header filled in), ready to append. */
    byte[] framed() {
        Frame.seal(bytes, size);
        return bytes.length == size ? bytes : Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
