package dev.gatewise.hls.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A fragment is a moof and an mdat, written into a buffer sized for it beforehand. */
class Fmp4MuxerTest {

    @Test
    void aFragmentIsExactlyItsMoofAndMdatAsSizedBeforehand() {
        List<Fmp4Muxer.Sample> video = List.of(sample(1000, 1), sample(300, 2), sample(301, 3));
        List<Fmp4Muxer.Sample> audio = List.of(sample(20, 4), sample(21, 5));
        for (var tracks : List.of(List.of(video, audio), List.of(video, List.<Fmp4Muxer.Sample>of()),
                List.of(List.<Fmp4Muxer.Sample>of(), audio))) {
            byte[] fragment = new Fmp4Muxer().fragment(tracks.get(0), 0, tracks.get(1), 0);

            assertThat(fragment).hasSize(Fmp4Muxer.fragmentSize(tracks.get(0), tracks.get(1)));
            ByteBuffer boxes = ByteBuffer.wrap(fragment);
            int moof = boxes.getInt(0);
            assertThat(new String(fragment, 4, 4)).isEqualTo("moof");
            assertThat(new String(fragment, moof + 4, 4)).isEqualTo("mdat");
            assertThat(moof + boxes.getInt(moof)).isEqualTo(fragment.length);
            // The samples follow the mdat header, video first.
            int at = moof + 8;
            for (Fmp4Muxer.Sample sample : tracks.stream().flatMap(List::stream).toList()) {
                assertThat(Arrays.copyOfRange(fragment, at, at + sample.data().length)).isEqualTo(sample.data());
                at += sample.data().length;
            }
        }
    }

    private static Fmp4Muxer.Sample sample(int size, int fill) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) fill);
        return new Fmp4Muxer.Sample(data, 3000, 0, fill == 1);
    }
}
