package dev.gatewise.hls.ts;

import dev.gatewise.hls.codec.AacConfig;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.hls.codec.Nals;
import java.util.Arrays;

/**
 * Muxes H.264 and AAC into an MPEG-TS (ISO/IEC 13818-1) byte stream, one program: PAT, PMT, one PES per access unit,
 * timestamps at 90 kHz, PCR on the video PID (the audio PID when there is no video), {@value #MUX_DELAY_MILLIS} ms ahead
 * of the timestamps as ffmpeg's muxer keeps it (a PCR equal to the DTS would mean each frame is due the moment it
 * arrives, which strict decoders and analysers reject). Video goes in as AVCC and comes
 * out as Annex B with an access unit delimiter, and with the SPS and PPS in front of every IDR so each segment can be
 * decoded on its own; audio gets an ADTS header. Nothing is decoded or re-encoded.
 *
 * <p>Not thread-safe: one muxer belongs to one rendition's worker.
 */
public final class TsMuxer {

    static final int PACKET_SIZE = 188;
    static final int PMT_PID = 0x1000;
    static final int VIDEO_PID = 0x100;
    static final int AUDIO_PID = 0x101;
    private static final int STREAM_TYPE_H264 = 0x1B;
    private static final int STREAM_TYPE_AAC_ADTS = 0x0F;
    private static final long TIMESTAMP_MASK = (1L << 33) - 1;
    /**
     * How far the PCR runs ahead of the decode times: PTS and DTS are written this much later than the stream's
     * millisecond clock, the PCR on that clock itself. ffmpeg's mpegts muxer keeps 0.7 s ({@code -muxdelay}).
     */
    static final long MUX_DELAY_MILLIS = 700;
    private static final byte[] START_CODE = {0, 0, 0, 1};
    private static final byte[] AUD = {0, 0, 0, 1, 9, (byte) 0xF0};

    private final PacketBuffer out;
    private final byte[] packet = new byte[PACKET_SIZE];
    private final int[] continuity = new int[0x2000];
    private byte[] es = new byte[64 * 1024];
    private int esLength;
    private AvcConfig video;
    private AacConfig audio;
    private int pmtVersion;

    /** A muxer that appends its packets to {@code out}. */
    public TsMuxer(PacketBuffer out) {
        this.out = out;
    }

    /** Sets or replaces the video configuration; call {@link #writeTables()} before the next frame if it is new. */
    public void setVideo(AvcConfig config) {
        if (video == null) {
            pmtVersion = (pmtVersion + 1) & 0x1F;
        }
        video = config;
    }

    /** Sets or replaces the audio configuration; call {@link #writeTables()} before the next frame if it is new. */
    public void setAudio(AacConfig config) {
        if (audio == null) {
            pmtVersion = (pmtVersion + 1) & 0x1F;
        }
        audio = config;
    }

    public boolean hasVideo() {
        return video != null;
    }

    public boolean hasAudio() {
        return audio != null;
    }

    /** Writes the PAT and the PMT listing the streams configured so far; every segment starts with them. */
    public void writeTables() {
        writePat();
        writePmt();
    }

    /**
     * Writes one H.264 access unit.
     *
     * @param dts decode time in milliseconds
     * @param pts presentation time in milliseconds
     * @param avcc the NAL units with the length prefixes the configuration declares
     */
    public void writeVideo(long dts, long pts, boolean keyframe, byte[] avcc) {
        esLength = 0;
        appendEs(AUD, 0, AUD.length);
        if (keyframe && !hasSps(avcc)) {
            for (byte[] sps : video.sps()) {
                appendEs(START_CODE, 0, START_CODE.length);
                appendEs(sps, 0, sps.length);
            }
            for (byte[] pps : video.pps()) {
                appendEs(START_CODE, 0, START_CODE.length);
                appendEs(pps, 0, pps.length);
            }
        }
        int lengthSize = video.nalLengthSize();
        for (int at = 0, length; (length = Nals.avccLength(avcc, at, lengthSize)) > 0; ) {
            int start = at + lengthSize;
            // The publisher's own delimiters would follow ours; one per access unit is the rule.
            if ((avcc[start] & 0x1F) != Nals.TYPE_AUD) {
                appendEs(START_CODE, 0, START_CODE.length);
                appendEs(avcc, start, length);
            }
            at = start + length;
        }
        long dts90 = (dts + MUX_DELAY_MILLIS) * 90;
        long pts90 = (pts + MUX_DELAY_MILLIS) * 90;
        byte[] header = pesHeader(0xE0, pts90, dts90 == pts90 ? -1 : dts90, 0);
        writePes(VIDEO_PID, header, es, esLength, keyframe, dts * 90);
    }

    private boolean hasSps(byte[] avcc) {
        int lengthSize = video.nalLengthSize();
        for (int at = 0, length; (length = Nals.avccLength(avcc, at, lengthSize)) > 0; ) {
            if ((avcc[at + lengthSize] & 0x1F) == Nals.TYPE_SPS) {
                return true;
            }
            at += lengthSize + length;
        }
        return false;
    }

    // The elementary stream of one access unit, in a buffer reused from frame to frame rather than one per frame.
    private void appendEs(byte[] bytes, int offset, int length) {
        if (esLength + length > es.length) {
            es = Arrays.copyOf(es, Math.max(es.length * 2, esLength + length));
        }
        System.arraycopy(bytes, offset, es, esLength, length);
        esLength += length;
    }

    /**
     * Writes one raw AAC frame, behind an ADTS header.
     *
     * @param dts time in milliseconds
     */
    public void writeAudio(long dts, byte[] aac) {
        byte[] adts = new byte[7 + aac.length];
        audio.writeAdtsHeader(adts, 0, aac.length);
        System.arraycopy(aac, 0, adts, 7, aac.length);
        long pts90 = (dts + MUX_DELAY_MILLIS) * 90;
        byte[] header = pesHeader(0xC0, pts90, -1, adts.length);
        boolean audioOnly = video == null;
        writePes(AUDIO_PID, header, adts, adts.length, audioOnly, audioOnly ? dts * 90 : -1);
    }

    private void writePat() {
        byte[] section = new byte[12];
        section[0] = 0x00; // table_id: program_association_section
        section[1] = (byte) 0xB0; // section_syntax_indicator, '0', reserved
        section[2] = 13; // section_length: the 9 bytes after it plus the CRC
        section[3] = 0x00;
        section[4] = 0x01; // transport_stream_id
        section[5] = (byte) 0xC1; // reserved, version 0, current_next_indicator
        section[6] = 0x00; // section_number
        section[7] = 0x00; // last_section_number
        section[8] = 0x00;
        section[9] = 0x01; // program_number 1
        section[10] = (byte) (0xE0 | (PMT_PID >> 8));
        section[11] = (byte) PMT_PID;
        writeSection(0, section);
    }

    private void writePmt() {
        int streams = (video != null ? 1 : 0) + (audio != null ? 1 : 0);
        byte[] section = new byte[12 + 5 * streams];
        int pcrPid = video != null ? VIDEO_PID : AUDIO_PID;
        int length = section.length - 3 + 4;
        section[0] = 0x02; // table_id: TS_program_map_section
        section[1] = (byte) (0xB0 | (length >> 8));
        section[2] = (byte) length;
        section[3] = 0x00;
        section[4] = 0x01; // program_number
        section[5] = (byte) (0xC1 | (pmtVersion << 1));
        section[6] = 0x00;
        section[7] = 0x00;
        section[8] = (byte) (0xE0 | (pcrPid >> 8));
        section[9] = (byte) pcrPid;
        section[10] = (byte) 0xF0; // reserved, program_info_length 0
        section[11] = 0x00;
        int pos = 12;
        if (video != null) {
            pos = writeStreamEntry(section, pos, STREAM_TYPE_H264, VIDEO_PID);
        }
        if (audio != null) {
            writeStreamEntry(section, pos, STREAM_TYPE_AAC_ADTS, AUDIO_PID);
        }
        writeSection(PMT_PID, section);
    }

    private static int writeStreamEntry(byte[] section, int pos, int streamType, int pid) {
        section[pos] = (byte) streamType;
        section[pos + 1] = (byte) (0xE0 | (pid >> 8));
        section[pos + 2] = (byte) pid;
        section[pos + 3] = (byte) 0xF0; // reserved, ES_info_length 0
        section[pos + 4] = 0x00;
        return pos + 5;
    }

    /** One PSI section in one packet: pointer field, section, CRC, then 0xFF padding. */
    private void writeSection(int pid, byte[] section) {
        Arrays.fill(packet, (byte) 0xFF);
        packet[0] = 0x47;
        packet[1] = (byte) (0x40 | (pid >> 8));
        packet[2] = (byte) pid;
        packet[3] = (byte) (0x10 | nextContinuity(pid));
        packet[4] = 0x00; // pointer_field
        System.arraycopy(section, 0, packet, 5, section.length);
        int crc = Crc32Mpeg.of(section, 0, section.length);
        int pos = 5 + section.length;
        packet[pos] = (byte) (crc >>> 24);
        packet[pos + 1] = (byte) (crc >>> 16);
        packet[pos + 2] = (byte) (crc >>> 8);
        packet[pos + 3] = (byte) crc;
        out.write(packet, 0, PACKET_SIZE);
    }

    /**
     * A PES header with a PTS, and a DTS when {@code dts90} is not negative. A zero {@code payloadLength} leaves the
     * PES packet length unbounded, as video needs (an access unit may exceed 64 KiB).
     */
    private static byte[] pesHeader(int streamId, long pts90, long dts90, int payloadLength) {
        boolean withDts = dts90 >= 0;
        int headerDataLength = withDts ? 10 : 5;
        byte[] header = new byte[9 + headerDataLength];
        header[2] = 1;
        header[3] = (byte) streamId;
        int pesLength = payloadLength == 0 ? 0 : 3 + headerDataLength + payloadLength;
        if (pesLength > 0xFFFF) {
            pesLength = 0;
        }
        header[4] = (byte) (pesLength >> 8);
        header[5] = (byte) pesLength;
        header[6] = (byte) 0x80; // '10', not scrambled, no priority, not aligned, no copyright, copy
        header[7] = (byte) (withDts ? 0xC0 : 0x80);
        header[8] = (byte) headerDataLength;
        writeTimestamp(header, 9, withDts ? 0x3 : 0x2, pts90);
        if (withDts) {
            writeTimestamp(header, 14, 0x1, dts90);
        }
        return header;
    }

    private static void writeTimestamp(byte[] out, int pos, int prefix, long ts90) {
        long ts = ts90 & TIMESTAMP_MASK;
        out[pos] = (byte) ((prefix << 4) | (((ts >> 30) & 0x07) << 1) | 1);
        out[pos + 1] = (byte) (ts >> 22);
        out[pos + 2] = (byte) ((((ts >> 15) & 0x7F) << 1) | 1);
        out[pos + 3] = (byte) (ts >> 7);
        out[pos + 4] = (byte) (((ts & 0x7F) << 1) | 1);
    }

    /**
     * Splits a PES packet into TS packets. The first carries the payload_unit_start_indicator and, when asked, an
     * adaptation field with the random_access_indicator and a PCR; the last is padded with adaptation-field stuffing.
     */
    private void writePes(int pid, byte[] header, byte[] payload, int payloadLength, boolean randomAccess,
        long pcr90) {
        int total = header.length + payloadLength;
        int written = 0;
        boolean first = true;
        while (written < total) {
            boolean withPcr = first && pcr90 >= 0;
            boolean flags = first && (randomAccess || withPcr);
            int fixedAdaptation = flags ? 2 + (withPcr ? 6 : 0) : 0;
            int room = 184 - fixedAdaptation;
            int remaining = total - written;
            int chunk = Math.min(room, remaining);
            int adaptation = 184 - chunk; // length byte, flags, PCR and stuffing; zero when no field is needed
            packet[0] = 0x47;
            packet[1] = (byte) ((first ? 0x40 : 0) | (pid >> 8));
            packet[2] = (byte) pid;
            packet[3] = (byte) ((adaptation > 0 ? 0x30 : 0x10) | nextContinuity(pid));
            int pos = 4;
            if (adaptation > 0) {
                packet[pos++] = (byte) (adaptation - 1);
                if (adaptation > 1) {
                    packet[pos++] = (byte) ((flags && randomAccess ? 0x40 : 0) | (withPcr ? 0x10 : 0));
                    if (withPcr) {
                        writePcr(pos, pcr90);
                        pos += 6;
                    }
                    Arrays.fill(packet, pos, 4 + adaptation, (byte) 0xFF);
                    pos = 4 + adaptation;
                }
            }
            int fromHeader = Math.max(0, Math.min(chunk, header.length - written));
            if (fromHeader > 0) {
                System.arraycopy(header, written, packet, pos, fromHeader);
            }
            System.arraycopy(payload, written + fromHeader - header.length, packet, pos + fromHeader,
                chunk - fromHeader);
            out.write(packet, 0, PACKET_SIZE);
            written += chunk;
            first = false;
        }
    }

    private void writePcr(int pos, long pcr90) {
        long base = pcr90 & TIMESTAMP_MASK;
        packet[pos] = (byte) (base >> 25);
        packet[pos + 1] = (byte) (base >> 17);
        packet[pos + 2] = (byte) (base >> 9);
        packet[pos + 3] = (byte) (base >> 1);
        packet[pos + 4] = (byte) (((base & 1) << 7) | 0x7E); // reserved bits, extension's top bit 0
        packet[pos + 5] = 0x00;
    }

    private int nextContinuity(int pid) {
        int cc = continuity[pid];
        continuity[pid] = (cc + 1) & 0x0F;
        return cc;
    }
}
