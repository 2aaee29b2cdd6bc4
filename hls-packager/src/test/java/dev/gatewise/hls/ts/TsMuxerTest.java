package dev.gatewise.hls.ts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.hls.codec.AacConfig;
import dev.gatewise.hls.codec.AvcConfig;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The transport stream at packet level: what ffprobe would accept without saying why. */
class TsMuxerTest {

    // Baseline 3.0, 320x240: a real SPS and PPS.
    private static final byte[] SPS = {0x67, 0x42, (byte) 0xC0, 0x1E, (byte) 0xDA, 0x05, 0x07, (byte) 0xE8, 0x40};
    private static final byte[] PPS = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};

    @Test
    void packetsAreAlignedCountedAndCarryTimingOnKeyframes() {
        PacketBuffer out = new PacketBuffer();
        TsMuxer muxer = new TsMuxer(out);
        muxer.setVideo(AvcConfig.of(SPS, PPS));
        muxer.setAudio(AacConfig.parse(new byte[] {0x12, 0x10}));
        muxer.writeTables();
        byte[] idr = avcc(new byte[5000], 0x65);
        byte[] small = avcc(new byte[170], 0x41);
        muxer.writeVideo(0, 80, true, idr);
        muxer.writeAudio(10, new byte[300]);
        muxer.writeVideo(40, 120, false, small);
        int size = out.size();
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        out.take().forEach(joined::writeBytes);
        byte[] ts = joined.toByteArray();
        assertThat(ts).hasSize(size);
        assertThat(out.size()).isZero();

        assertThat(ts.length % TsMuxer.PACKET_SIZE).isZero();
        Map<Integer, Integer> continuity = new HashMap<>();
        int pcrs = 0;
        int randomAccess = 0;
        for (int at = 0; at < ts.length; at += TsMuxer.PACKET_SIZE) {
            assertThat(ts[at]).isEqualTo((byte) 0x47);
            int pid = (ts[at + 1] & 0x1F) << 8 | ts[at + 2] & 0xFF;
            int cc = ts[at + 3] & 0x0F;
            Integer previous = continuity.put(pid, cc);
            if (previous != null) {
                assertThat(cc).as("continuity on PID %d", pid).isEqualTo((previous + 1) & 0x0F);
            }
            boolean adaptation = (ts[at + 3] & 0x20) != 0;
            if (adaptation && (ts[at + 4] & 0xFF) > 0) {
                int flags = ts[at + 5] & 0xFF;
                if ((flags & 0x10) != 0) {
                    assertThat(pid).isEqualTo(TsMuxer.VIDEO_PID);
                    pcrs++;
                }
                if ((flags & 0x40) != 0) {
                    randomAccess++;
                }
            }
        }
        assertThat(continuity).containsOnlyKeys(0, TsMuxer.PMT_PID, TsMuxer.VIDEO_PID, TsMuxer.AUDIO_PID);
        assertThat(pcrs).isEqualTo(2);
        assertThat(randomAccess).isEqualTo(1);
        // The keyframe's PES starts with a PTS and DTS (90 kHz: 80 ms -> 7200, 0 ms -> 0) and our delimiter.
        int firstVideo = 2 * TsMuxer.PACKET_SIZE;
        int payload = firstVideo + 4 + 1 + (ts[firstVideo + 4] & 0xFF);
        assertThat(ts[payload + 7] & 0xFF).isEqualTo(0xC0);
        assertThat(ts[payload + 14 + 5]).isEqualTo((byte) 0x00);
        assertThat(new byte[] {ts[payload + 19], ts[payload + 20], ts[payload + 21], ts[payload + 22],
            ts[payload + 23]}).containsExactly(0, 0, 0, 1, 9);
        assertThat(new byte[] {ts[payload + 25], ts[payload + 26], ts[payload + 27], ts[payload + 28],
            ts[payload + 29]}).containsExactly(0, 0, 0, 1, 0x67);
    }

    private static byte[] avcc(byte[] body, int header) {
        body[0] = (byte) header;
        byte[] avcc = new byte[body.length + 4];
        avcc[0] = (byte) (body.length >>> 24);
        avcc[1] = (byte) (body.length >>> 16);
        avcc[2] = (byte) (body.length >>> 8);
        avcc[3] = (byte) body.length;
        System.arraycopy(body, 0, avcc, 4, body.length);
        return avcc;
    }
}
