package dev.gatewise.hls.fmp4;

import dev.gatewise.hls.codec.AacConfig;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.hls.codec.Sps;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * Writes fragmented MP4 as CMAF and HLS use it (ISO/IEC 14496-12 and -15, ISO/IEC 23000-19): an initialization
 * segment ({@code ftyp} + {@code moov} with one H.264 and/or one AAC track and empty sample tables) and media
 * fragments ({@code moof} + {@code mdat}), one per partial segment, that concatenated make a segment. H.264 stays in
 * its AVCC framing, with its parameter sets in the {@code avcC} of the initialization segment; AAC frames go in raw.
 * Video is timed at 90 kHz, audio at its sampling rate.
 *
 * <p>Stateless apart from the fragment sequence number: one muxer belongs to one rendition's worker.
 */
public final class Fmp4Muxer {

    /** The video track's clock. */
    public static final int VIDEO_TIMESCALE = 90_000;
    static final int VIDEO_TRACK = 1;
    static final int AUDIO_TRACK = 2;
    private static final int SYNC_SAMPLE = 0x0200_0000; // sample_depends_on = 2: an IDR
    private static final int NON_SYNC_SAMPLE = 0x0101_0000; // depends on others, sample_is_non_sync_sample
    // moof's header (8) and its mfhd (16), and mdat's header (8)
    private static final int FRAGMENT_HEADERS = 32;
    private static final int[] MATRIX = {0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000};

    /** One access unit in a fragment: its size, and duration and composition offset in its track's timescale. */
    public record Sample(int size, int duration, int compositionOffset, boolean sync) {}

    /**
     * One track's samples in a fragment.
     *
     * @param baseTime the first sample's decode time in the track's timescale
     * @param data the samples' bytes, one after the other (not released by the muxer)
     */
    public record Run(List<Sample> samples, long baseTime, ByteBuf data) {

        /** A track with no samples in the fragment. */
        public static Run none() {
            return new Run(List.of(), 0, Unpooled.EMPTY_BUFFER);
        }
    }

    private long sequence;

    /** The initialization segment for the tracks given (either may be null, not both). */
    public byte[] init(AvcConfig video, AacConfig audio) {
        Mp4Boxes out = new Mp4Boxes(1024);
        int ftyp = out.open("ftyp");
        out.bytes(ascii("iso6")).u32(0).bytes(ascii("iso6")).bytes(ascii("cmfc")).bytes(ascii("mp41"));
        out.close(ftyp);
        int moov = out.open("moov");
        int mvhd = out.openFull("mvhd", 0, 0);
        out.u32(0).u32(0).u32(1000).u32(0).u32(0x0001_0000).u16(0x0100).zeros(10);
        matrix(out);
        out.zeros(24).u32(AUDIO_TRACK + 1);
        out.close(mvhd);
        if (video != null) {
            Sps.Size size = video.pictureSize();
            track(out, VIDEO_TRACK, VIDEO_TIMESCALE, "vide", size.width(), size.height(), () -> {
                int avc1 = out.open("avc1");
                out.zeros(6).u16(1).zeros(16).u16(size.width()).u16(size.height()).u32(0x0048_0000)
                    .u32(0x0048_0000).u32(0).u16(1).zeros(32).u16(0x0018).u16(0xFFFF);
                int avcC = out.open("avcC");
                out.bytes(video.record());
                out.close(avcC);
                out.close(avc1);
            });
        }
        if (audio != null) {
            track(out, AUDIO_TRACK, audio.sampleRate(), "soun", 0, 0, () -> {
                int mp4a = out.open("mp4a");
                out.zeros(6).u16(1).zeros(8).u16(audio.channels()).u16(16).u16(0).u16(0)
                    .u32((long) audio.sampleRate() << 16);
                esds(out, audio.asc());
                out.close(mp4a);
            });
        }
        int mvex = out.open("mvex");
        if (video != null) {
            trex(out, VIDEO_TRACK);
        }
        if (audio != null) {
            trex(out, AUDIO_TRACK);
        }
        out.close(mvex);
        out.close(moov);
        return out.toByteArray();
    }

    /**
     * One fragment: a {@code moof} with a track fragment per non-empty sample list, then one {@code mdat} holding the
     * video samples, then the audio samples; in a direct buffer sized exactly, which the caller releases (why direct:
     * {@code dev.gatewise.hls.live.LivePart}).
     *
     * @param video timed at 90 kHz
     * @param audio timed at the sampling rate
     */
    public ByteBuf fragment(Run video, Run audio) {
        int videoBytes = video.data().readableBytes();
        int audioBytes = audio.data().readableBytes();
        int size = fragmentSize(video.samples(), audio.samples());
        // The boxes up to the mdat's header, sized exactly, so they are written from their own array.
        Mp4Boxes out = new Mp4Boxes(size - videoBytes - audioBytes);
        int moof = out.open("moof");
        int mfhd = out.openFull("mfhd", 0, 0);
        out.u32(++sequence & 0xFFFFFFFFL);
        out.close(mfhd);
        int videoOffset = video.samples().isEmpty() ? -1 : traf(out, VIDEO_TRACK, video, true);
        int audioOffset = audio.samples().isEmpty() ? -1 : traf(out, AUDIO_TRACK, audio, false);
        out.close(moof);
        int dataStart = out.size() - moof + 8;
        if (videoOffset >= 0) {
            out.set32(videoOffset, dataStart);
        }
        if (audioOffset >= 0) {
            out.set32(audioOffset, dataStart + videoBytes);
        }
        out.u32(8L + videoBytes + audioBytes).bytes(ascii("mdat"));
        return ByteBufAllocator.DEFAULT.directBuffer(size, size).writeBytes(out.toByteArray())
            .writeBytes(video.data(), video.data().readerIndex(), videoBytes)
            .writeBytes(audio.data(), audio.data().readerIndex(), audioBytes);
    }

    /** Writes a track fragment; returns the position of its trun's data offset, filled in once the moof is done. */
    private static int traf(Mp4Boxes out, int track, Run run, boolean video) {
        int traf = out.open("traf");
        int tfhd = out.openFull("tfhd", 0, 0x02_0000); // default-base-is-moof
        out.u32(track);
        out.close(tfhd);
        int tfdt = out.openFull("tfdt", 1, 0);
        out.u64(run.baseTime());
        out.close(tfdt);
        // data offset, and per sample: duration, size, and for video flags and a (signed, version 1) CT offset
        int flags = 0x000001 | 0x000100 | 0x000200 | (video ? 0x000400 | 0x000800 : 0);
        int trun = out.openFull("trun", 1, flags);
        out.u32(run.samples().size());
        int offset = out.size();
        out.u32(0);
        for (Sample sample : run.samples()) {
            out.u32(sample.duration()).u32(sample.size());
            if (video) {
                out.u32(sample.sync() ? SYNC_SAMPLE : NON_SYNC_SAMPLE).u32(sample.compositionOffset());
            }
        }
        out.close(trun);
        out.close(traf);
        return offset;
    }

    private static void track(Mp4Boxes out, int id, int timescale, String handler, int width, int height,
        Runnable sampleEntry) {
        boolean video = handler.equals("vide");
        int trak = out.open("trak");
        int tkhd = out.openFull("tkhd", 0, 0x3); // enabled, in movie
        out.u32(0).u32(0).u32(id).u32(0).u32(0).zeros(8).u16(0).u16(0).u16(video ? 0 : 0x0100).u16(0);
        matrix(out);
        out.u32((long) width << 16).u32((long) height << 16);
        out.close(tkhd);
        int mdia = out.open("mdia");
        int mdhd = out.openFull("mdhd", 0, 0);
        out.u32(0).u32(0).u32(timescale).u32(0).u16(0x55C4).u16(0); // language "und"
        out.close(mdhd);
        int hdlr = out.openFull("hdlr", 0, 0);
        out.u32(0).bytes(ascii(handler)).zeros(12).bytes(ascii(video ? "Video\0" : "Audio\0"));
        out.close(hdlr);
        int minf = out.open("minf");
        if (video) {
            int vmhd = out.openFull("vmhd", 0, 1);
            out.zeros(8);
            out.close(vmhd);
        } else {
            int smhd = out.openFull("smhd", 0, 0);
            out.zeros(4);
            out.close(smhd);
        }
        int dinf = out.open("dinf");
        int dref = out.openFull("dref", 0, 0);
        out.u32(1);
        int url = out.openFull("url ", 0, 1); // the data is in this file
        out.close(url);
        out.close(dref);
        out.close(dinf);
        int stbl = out.open("stbl");
        int stsd = out.openFull("stsd", 0, 0);
        out.u32(1);
        sampleEntry.run();
        out.close(stsd);
        for (String empty : new String[] {"stts", "stsc", "stco"}) {
            int box = out.openFull(empty, 0, 0);
            out.u32(0);
            out.close(box);
        }
        int stsz = out.openFull("stsz", 0, 0);
        out.u32(0).u32(0);
        out.close(stsz);
        out.close(stbl);
        out.close(minf);
        out.close(mdia);
        out.close(trak);
    }

    /** An ES descriptor (ISO/IEC 14496-1) for AAC with its AudioSpecificConfig. */
    private static void esds(Mp4Boxes out, byte[] asc) {
        int esds = out.openFull("esds", 0, 0);
        int decoderConfigLength = 13 + 2 + asc.length;
        out.u8(0x03).u8(3 + 2 + decoderConfigLength + 3).u16(AUDIO_TRACK).u8(0);
        out.u8(0x04).u8(decoderConfigLength).u8(0x40).u8(0x15).u24(0).u32(0).u32(0);
        out.u8(0x05).u8(asc.length).bytes(asc);
        out.u8(0x06).u8(1).u8(0x02);
        out.close(esds);
    }

    private static void trex(Mp4Boxes out, int track) {
        int trex = out.openFull("trex", 0, 0);
        out.u32(track).u32(1).u32(0).u32(0).u32(0);
        out.close(trex);
    }

    private static void matrix(Mp4Boxes out) {
        for (int value : MATRIX) {
            out.u32(value & 0xFFFFFFFFL);
        }
    }

    /** The size of {@link #fragment} of these samples. */
    static int fragmentSize(List<Sample> video, List<Sample> audio) {
        return FRAGMENT_HEADERS + trafSize(video, true) + trafSize(audio, false) + dataSize(video) + dataSize(audio);
    }

    /** A track fragment's size: traf (8) with tfhd (16), tfdt (20) and trun (20 and a row per sample); none if empty. */
    private static int trafSize(List<Sample> samples, boolean video) {
        return samples.isEmpty() ? 0 : 64 + samples.size() * (video ? 16 : 8);
    }

    private static int dataSize(List<Sample> samples) {
        int total = 0;
        for (Sample sample : samples) {
            total += sample.size();
        }
        return total;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
