package dev.gatewise.hls.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A fragment is a moof and an mdat, written into a direct buffer sized for it beforehand. */
class Fmp4MuxerTest {

    @Test
    void aFragmentIsExactlyItsMoofAndMdatAsSizedBeforehand() {
        List<byte[]> video = List.of(bytes(1000, 1), bytes(300, 2), bytes(301, 3));
        List<byte[]> audio = List.of(bytes(20, 4), bytes(21, 5));
        for (var tracks : List.of(List.of(video, audio), List.of(video, List.<byte[]>of()),
                List.of(List.<byte[]>of(), audio))) {
            Fmp4Muxer.Run videoRun = run(tracks.get(0));
            Fmp4Muxer.Run audioRun = run(tracks.get(1));
            ByteBuf written = new Fmp4Muxer().fragment(videoRun, audioRun);
            assertThat(written.isDirect()).isTrue();
            assertThat(written.capacity()).isEqualTo(written.readableBytes());
            byte[] fragment = ByteBufUtil.getBytes(written);
            written.release();
            // The runs' data stays the caller's.
            assertThat(videoRun.data().refCnt()).isEqualTo(1);
            videoRun.data().release();
            audioRun.data().release();

            assertThat(fragment).hasSize(Fmp4Muxer.fragmentSize(videoRun.samples(), audioRun.samples()));
            ByteBuffer boxes = ByteBuffer.wrap(fragment);
            int moof = boxes.getInt(0);
            assertThat(new String(fragment, 4, 4)).isEqualTo("moof");
            assertThat(new String(fragment, moof + 4, 4)).isEqualTo("mdat");
            assertThat(moof + boxes.getInt(moof)).isEqualTo(fragment.length);
            // The samples follow the mdat header, video first.
            int at = moof + 8;
            for (byte[] sample : tracks.stream().flatMap(List::stream).toList()) {
                assertThat(Arrays.copyOfRange(fragment, at, at + sample.length)).isEqualTo(sample);
                at += sample.length;
            }
        }
    }

    private static Fmp4Muxer.Run run(List<byte[]> samples) {
        ByteBuf data = Unpooled.directBuffer();
        List<Fmp4Muxer.Sample> sizes = new ArrayList<>();
        for (byte[] sample : samples) {
            data.writeBytes(sample);
            sizes.add(new Fmp4Muxer.Sample(sample.length, 3000, 0, sample[0] == 1));
        }
        return new Fmp4Muxer.Run(sizes, 0, data);
    }

    private static byte[] bytes(int size, int fill) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) fill);
        return data;
    }
}
