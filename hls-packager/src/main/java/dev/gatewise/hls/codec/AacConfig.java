package dev.gatewise.hls.codec;

/**
 * A parsed AudioSpecificConfig (ISO/IEC 14496-3): what an ADTS header and a playlist need to know about an AAC
 * stream.
 *
 * @param objectType the audio object type as signalled (2 = AAC LC, 5 = SBR, 29 = PS), for the codec string
 * @param adtsProfile the ADTS profile field: the core object type minus one
 * @param samplingIndex the core sampling frequency index (0..12)
 * @param channels the channel configuration (1..7)
 * @param asc the AudioSpecificConfig as received, for MP4's decoder configuration
 */
public record AacConfig(int objectType, int adtsProfile, int samplingIndex, int channels, byte[] asc) {

    private static final int[] RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025,
        8000, 7350};

    /** Parses an AudioSpecificConfig; throws {@link IllegalArgumentException} if ADTS cannot carry it. */
    public static AacConfig parse(byte[] asc) {
        if (asc.length < 2) {
            throw new IllegalArgumentException("AudioSpecificConfig too short");
        }
        long bits = 0;
        for (int i = 0; i < Math.min(8, asc.length); i++) {
            bits |= (asc[i] & 0xFFL) << (56 - 8 * i);
        }
        Reader in = new Reader(bits);
        int objectType = in.objectType();
        int samplingIndex = in.samplingIndex();
        int channels = in.take(4);
        int coreType = objectType;
        if (objectType == 5 || objectType == 29) {
            // Explicit SBR/PS signalling: the extension rate comes first, then the core object type.
            in.samplingIndex();
            coreType = in.objectType();
        }
        if (coreType < 1 || coreType > 4 || channels < 1 || channels > 7) {
            throw new IllegalArgumentException("ADTS cannot carry object type " + coreType + " with channel "
                + "configuration " + channels);
        }
        return new AacConfig(objectType, coreType - 1, samplingIndex, channels, asc.clone());
    }

    /** The core sampling rate in Hz: an AAC frame is 1024 samples at this rate, with or without SBR. */
    public int sampleRate() {
        return RATES[samplingIndex];
    }

    /** The RFC 6381 codec string, e.g. {@code mp4a.40.2}. */
    public String codecString() {
        return "mp4a.40." + objectType;
    }

    /** Writes the 7-byte ADTS header (no CRC) for a raw AAC frame of {@code frameLength} bytes. */
    public void writeAdtsHeader(byte[] out, int offset, int frameLength) {
        int total = frameLength + 7;
        out[offset] = (byte) 0xFF;
        out[offset + 1] = (byte) 0xF1;
        out[offset + 2] = (byte) ((adtsProfile << 6) | (samplingIndex << 2) | ((channels >> 2) & 1));
        out[offset + 3] = (byte) (((channels & 3) << 6) | ((total >> 11) & 3));
        out[offset + 4] = (byte) (total >> 3);
        out[offset + 5] = (byte) (((total & 7) << 5) | 0x1F);
        out[offset + 6] = (byte) 0xFC;
    }

    /** Reads fields MSB-first from the first 8 bytes, which hold everything we parse. */
    private static final class Reader {
        private long bits;

        Reader(long bits) {
            this.bits = bits;
        }

        int take(int n) {
            int value = (int) (bits >>> (64 - n));
            bits <<= n;
            return value;
        }

        int objectType() {
            int type = take(5);
            return type == 31 ? 32 + take(6) : type;
        }

        int samplingIndex() {
            int index = take(4);
            if (index == 15) {
                int rate = take(24);
                return nearestIndex(rate);
            }
            if (index >= RATES.length) {
                throw new IllegalArgumentException("reserved sampling frequency index " + index);
            }
            return index;
        }

        // ADTS has no escape for an explicit rate: the nearest standard one is what players will assume anyway.
        private static int nearestIndex(int rate) {
            int best = 0;
            for (int i = 1; i < RATES.length; i++) {
                if (Math.abs(RATES[i] - rate) < Math.abs(RATES[best] - rate)) {
                    best = i;
                }
            }
            return best;
        }
    }
}
