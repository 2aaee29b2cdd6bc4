package dev.gatewise.hls.codec;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** H.264 NAL unit framing: AVCC (length-prefixed) and Annex B (start codes), and emulation prevention. */
public final class Nals {

    public static final int TYPE_IDR = 5;
    public static final int TYPE_SPS = 7;
    public static final int TYPE_PPS = 8;
    public static final int TYPE_AUD = 9;

    private Nals() {}

    /**
     * The length of the NAL unit whose length prefix starts at {@code pos} of an AVCC frame, or -1 if there is none
     * or it runs past the end. Walk a frame with {@code pos += lengthSize + length}; nothing is allocated.
     */
    public static int avccLength(byte[] avcc, int pos, int lengthSize) {
        if (pos + lengthSize > avcc.length) {
            return -1;
        }
        int length = 0;
        for (int i = 0; i < lengthSize; i++) {
            length = (length << 8) | (avcc[pos + i] & 0xFF);
        }
        return length <= 0 || length > avcc.length - pos - lengthSize ? -1 : length;
    }

    /** The NAL units of an Annex B byte stream, without their start codes. */
    public static List<byte[]> splitAnnexB(byte[] stream, int length) {
        List<byte[]> nals = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < length) {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1) {
                if (start >= 0) {
                    nals.add(Arrays.copyOfRange(stream, start, trimZeros(stream, start, i)));
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0 && start < length) {
            nals.add(Arrays.copyOfRange(stream, start, length));
        }
        return nals;
    }

    // A 4-byte start code leaves a zero before the 3-byte one we matched; it belongs to no NAL unit.
    private static int trimZeros(byte[] stream, int start, int end) {
        while (end > start && stream[end - 1] == 0) {
            end--;
        }
        return end;
    }

    /** Frames NAL units as AVCC with 4-byte lengths. */
    public static byte[] toAvcc(List<byte[]> nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.write(nal.length >>> 24);
            out.write(nal.length >>> 16);
            out.write(nal.length >>> 8);
            out.write(nal.length);
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    /** The NAL unit's payload from {@code from}, with emulation prevention bytes (00 00 03) removed. */
    static byte[] unescape(byte[] nal, int from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(nal.length);
        int zeros = 0;
        for (int i = from; i < nal.length; i++) {
            int b = nal[i] & 0xFF;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out.write(b);
        }
        return out.toByteArray();
    }
}
