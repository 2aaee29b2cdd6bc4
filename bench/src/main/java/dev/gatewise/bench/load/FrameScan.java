package dev.gatewise.bench.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Finds the few values the generator needs in a frame by scanning its bytes: the same cheap work for
 * every target, so the generator's cost does not depend on whom it measures.
 */
final class FrameScan {
    private static final byte[] CLIENT_ID = "\"clientMsgId\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STAMP = "\"text\":\"t".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "\"type\":\"error\"".getBytes(StandardCharsets.US_ASCII);

    private FrameScan() {}

    /** The client message id of an ack, or -1. */
    static long clientId(ByteBuf frame) {
        return numberAfter(frame, CLIENT_ID);
    }

    /** The send time carried in a pushed message's text, or -1. */
    static long stamp(ByteBuf frame) {
        return numberAfter(frame, STAMP);
    }

    static boolean isError(ByteBuf frame) {
        return indexOf(frame, ERROR) >= 0;
    }

    private static long numberAfter(ByteBuf frame, byte[] marker) {
        int at = indexOf(frame, marker);
        if (at < 0) {
            return -1;
        }
        long value = 0;
        for (int i = at + marker.length; i < frame.writerIndex(); i++) {
            byte b = frame.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }

    private static int indexOf(ByteBuf frame, byte[] marker) {
        int end = frame.writerIndex() - marker.length;
        outer:
        for (int i = frame.readerIndex(); i <= end; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (frame.getByte(i + j) != marker[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
