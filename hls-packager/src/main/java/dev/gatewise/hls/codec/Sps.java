package dev.gatewise.hls.codec;

/** Reads the picture size out of an H.264 sequence parameter set (ITU-T H.264 section 7.3.2.1.1). */
public final class Sps {

    /** A picture size in pixels. */
    public record Size(int width, int height) {}

    private Sps() {}

    /** The cropped picture size of an SPS NAL unit (header byte included); throws if the SPS is malformed. */
    public static Size pictureSize(byte[] spsNal) {
        try {
            return read(new BitReader(Nals.unescape(spsNal, 1)));
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated SPS", e);
        }
    }

    private static Size read(BitReader in) {
        int profile = in.bits(8);
        in.bits(16); // constraint flags and level
        in.ue(); // seq_parameter_set_id
        int chromaFormat = 1;
        if (hasChromaInfo(profile)) {
            chromaFormat = in.ue();
            if (chromaFormat == 3) {
                in.bits(1); // separate_colour_plane_flag
            }
            in.ue(); // bit_depth_luma_minus8
            in.ue(); // bit_depth_chroma_minus8
            in.bits(1); // qpprime_y_zero_transform_bypass_flag
            if (in.bits(1) == 1) {
                int lists = chromaFormat == 3 ? 12 : 8;
                for (int i = 0; i < lists; i++) {
                    if (in.bits(1) == 1) {
                        skipScalingList(in, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        in.ue(); // log2_max_frame_num_minus4
        int pocType = in.ue();
        if (pocType == 0) {
            in.ue(); // log2_max_pic_order_cnt_lsb_minus4
        } else if (pocType == 1) {
            in.bits(1);
            in.se();
            in.se();
            int cycle = in.ue();
            for (int i = 0; i < cycle; i++) {
                in.se();
            }
        }
        in.ue(); // max_num_ref_frames
        in.bits(1); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = in.ue() + 1;
        int heightMapUnits = in.ue() + 1;
        int frameMbsOnly = in.bits(1);
        if (frameMbsOnly == 0) {
            in.bits(1); // mb_adaptive_frame_field_flag
        }
        in.bits(1); // direct_8x8_inference_flag
        int width = widthMbs * 16;
        int height = (2 - frameMbsOnly) * heightMapUnits * 16;
        if (in.bits(1) == 1) {
            int left = in.ue();
            int right = in.ue();
            int top = in.ue();
            int bottom = in.ue();
            int cropX = chromaFormat == 1 || chromaFormat == 2 ? 2 : 1;
            int cropY = (chromaFormat == 1 ? 2 : 1) * (2 - frameMbsOnly);
            width -= cropX * (left + right);
            height -= cropY * (top + bottom);
        }
        return new Size(width, height);
    }

    private static boolean hasChromaInfo(int profile) {
        return switch (profile) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    private static void skipScalingList(BitReader in, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + in.se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    /** MSB-first bit reader with the Exp-Golomb codes H.264 headers use. */
    private static final class BitReader {
        private final byte[] data;
        private int bit;

        BitReader(byte[] data) {
            this.data = data;
        }

        int bits(int n) {
            int value = 0;
            for (int i = 0; i < n; i++) {
                int b = (data[bit >> 3] >> (7 - (bit & 7))) & 1;
                value = (value << 1) | b;
                bit++;
            }
            return value;
        }

        int ue() {
            int zeros = 0;
            while (bits(1) == 0) {
                zeros++;
                if (zeros > 31) {
                    throw new IllegalArgumentException("bad Exp-Golomb code in SPS");
                }
            }
            return (int) ((1L << zeros) - 1 + (zeros == 0 ? 0 : Integer.toUnsignedLong(bits(zeros))));
        }

        int se() {
            int k = ue();
            return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
        }
    }
}
