package dev.gatewise.hls.codec;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed AVCDecoderConfigurationRecord (ISO/IEC 14496-15): the SPS and PPS a decoder needs, the NAL length size of
 * the AVCC frames that follow, and what a playlist says about the stream (RFC 6381 codec string, picture size).
 *
 * @param nalLengthSize bytes of the big-endian length before each NAL unit in AVCC frames (1, 2 or 4)
 * @param sps the sequence parameter sets, without start codes or lengths
 * @param pps the picture parameter sets, likewise
 * @param record the configuration record as received, for decoders that take it as extradata
 */
public record AvcConfig(int nalLengthSize, List<byte[]> sps, List<byte[]> pps, byte[] record) {

    public AvcConfig {
        if (sps.isEmpty() || pps.isEmpty()) {
            throw new IllegalArgumentException("an AVC configuration needs at least one SPS and one PPS");
        }
        sps = List.copyOf(sps);
        pps = List.copyOf(pps);
    }

    /** Parses a configuration record; throws {@link IllegalArgumentException} if it is malformed. */
    public static AvcConfig parse(byte[] record) {
        try {
            if (record.length < 7 || record[0] != 1) {
                throw new IllegalArgumentException("not an AVCDecoderConfigurationRecord version 1");
            }
            int nalLengthSize = (record[4] & 0x03) + 1;
            int pos = 5;
            int spsCount = record[pos++] & 0x1F;
            List<byte[]> sps = new ArrayList<>();
            for (int i = 0; i < spsCount; i++) {
                int len = ((record[pos] & 0xFF) << 8) | (record[pos + 1] & 0xFF);
                sps.add(slice(record, pos + 2, len));
                pos += 2 + len;
            }
            int ppsCount = record[pos++] & 0xFF;
            List<byte[]> pps = new ArrayList<>();
            for (int i = 0; i < ppsCount; i++) {
                int len = ((record[pos] & 0xFF) << 8) | (record[pos + 1] & 0xFF);
                pps.add(slice(record, pos + 2, len));
                pos += 2 + len;
            }
            return new AvcConfig(nalLengthSize, sps, pps, record.clone());
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated AVCDecoderConfigurationRecord", e);
        }
    }

    /** Builds the configuration record for an SPS and a PPS, with 4-byte NAL lengths (for an encoder's output). */
    public static AvcConfig of(byte[] sps, byte[] pps) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write(sps[1]);
        out.write(sps[2]);
        out.write(sps[3]);
        out.write(0xFF);
        out.write(0xE1);
        out.write(sps.length >> 8);
        out.write(sps.length);
        out.writeBytes(sps);
        out.write(1);
        out.write(pps.length >> 8);
        out.write(pps.length);
        out.writeBytes(pps);
        return parse(out.toByteArray());
    }

    private static byte[] slice(byte[] record, int from, int len) {
        if (len == 0 || from + len > record.length) {
            throw new IllegalArgumentException("truncated AVCDecoderConfigurationRecord");
        }
        return Arrays.copyOfRange(record, from, from + len);
    }

    /** The RFC 6381 codec string, e.g. {@code avc1.64001f}: profile, constraint flags and level from the SPS. */
    public String codecString() {
        byte[] first = sps.get(0);
        return String.format("avc1.%02x%02x%02x", first[1] & 0xFF, first[2] & 0xFF, first[3] & 0xFF);
    }

    /** The picture size the first SPS describes, after cropping. */
    public Sps.Size pictureSize() {
        return Sps.pictureSize(sps.get(0));
    }
}
