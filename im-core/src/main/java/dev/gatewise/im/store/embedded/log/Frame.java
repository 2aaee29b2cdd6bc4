package dev.gatewise.im.store.embedded.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A record on disk: a 4-byte body length, the CRC-32C of the body, then the body (its first byte is the
 * record's type). A record whose length or checksum does not hold was torn by a crash mid-write.
 */
final class Frame {
    static final int HEADER = 8;
    /** Far above any record we write (a chat frame is at most 64 KiB); a larger length is a torn header. */
    static final int MAX_BODY = 16 << 20;

    private Frame() {}

    /** Fills in the header of {@code bytes[0, size)}, whose body starts at {@link #HEADER}. */
    static void seal(byte[] bytes, int size) {
        int body = size - HEADER;
        var crc = new CRC32C();
        crc.update(bytes, HEADER, body);
        ByteBuffer.wrap(bytes, 0, HEADER).putInt(body).putInt((int) crc.getValue());
    }

    /** The body length the header announces, or -1 if it cannot be a record's. */
    static int bodyLength(ByteBuffer header) {
        int length = header.getInt(header.position());
        return length < 1 || length > MAX_BODY ? -1 : length;
    }

    static boolean intact(ByteBuffer header, byte[] body, int offset, int length) {
        var crc = new CRC32C();
        crc.update(body, offset, length);
        return header.getInt(header.position() + 4) == (int) crc.getValue();
    }
}
