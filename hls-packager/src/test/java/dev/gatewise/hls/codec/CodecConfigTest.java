package dev.gatewise.hls.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CodecConfigTest {

    private static final byte[] SPS = {0x67, 0x42, (byte) 0xC0, 0x1E, (byte) 0xDA, 0x05, 0x07, (byte) 0xE8, 0x40};
    private static final byte[] PPS = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};

    @Test
    void avcConfigGivesCodecStringAndPictureSize() {
        AvcConfig config = AvcConfig.parse(AvcConfig.of(SPS, PPS).record());
        assertThat(config.codecString()).isEqualTo("avc1.42c01e");
        assertThat(config.pictureSize()).isEqualTo(new Sps.Size(320, 240));
        assertThat(config.nalLengthSize()).isEqualTo(4);
        assertThatThrownBy(() -> AvcConfig.parse(new byte[] {1, 0x42, 0, 0x1E, (byte) 0xFF, (byte) 0xE1, 0, 9, 1}))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aacConfigBuildsAdtsHeaders() {
        AacConfig lc = AacConfig.parse(new byte[] {0x12, 0x10}); // AAC LC, 44.1 kHz, stereo
        assertThat(lc.codecString()).isEqualTo("mp4a.40.2");
        assertThat(lc.samplingIndex()).isEqualTo(4);
        byte[] header = new byte[7];
        lc.writeAdtsHeader(header, 0, 100);
        // Frame length 107 = 7 + 100: 13 << 3 | 3.
        assertThat(header).containsExactly(0xFF, 0xF1, 0x50, 0x80, 0x0D, 0x7F, 0xFC);

        // Explicit SBR: object type 5, core 24 kHz, stereo, extension 48 kHz, core object type 2.
        AacConfig he = AacConfig.parse(new byte[] {0x2B, 0x11, (byte) 0x88, 0x00});
        assertThat(he.codecString()).isEqualTo("mp4a.40.5");
        assertThat(he.adtsProfile()).isEqualTo(1);
        assertThat(he.samplingIndex()).isEqualTo(6);
        // AAC-LD (object type 23) has no ADTS profile.
        assertThatThrownBy(() -> AacConfig.parse(new byte[] {(byte) 0xBA, 0x10})).isInstanceOf(
            IllegalArgumentException.class);
    }

    @Test
    void annexBSplitsOnThreeAndFourByteStartCodes() {
        byte[] stream = {0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 4, 5};
        List<byte[]> nals = Nals.splitAnnexB(stream, stream.length);
        assertThat(nals).hasSize(3);
        assertThat(nals.get(0)).containsExactly(0x67, 1, 2);
        assertThat(nals.get(1)).containsExactly(0x68, 3);
        assertThat(nals.get(2)).containsExactly(0x65, 4, 5);
        assertThat(Nals.toAvcc(nals)).startsWith(0, 0, 0, 3, 0x67);
    }
}
