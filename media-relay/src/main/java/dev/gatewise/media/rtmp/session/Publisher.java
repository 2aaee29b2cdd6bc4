package dev.gatewise.media.rtmp.session;

import dev.gatewise.media.live.Publication;
import dev.gatewise.media.rtmp.RtmpProtocolException;
import dev.gatewise.media.rtmp.chunk.RtmpMessage;
import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.VideoFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The publishing side of a connection: reads the FLV-style audio and video payloads of RTMP messages (FLV
 * specification 10.1, E.4.2 and E.4.3) and feeds their configuration, frames and metadata to the publication, with
 * timestamps on the stream's own clock. Refuses every codec but H.264 and AAC.
 */
public final class Publisher {
    private static final int FRAME_TYPE_KEY = 1;
    private static final int FRAME_TYPE_INFO = 5;
    private static final int VIDEO_CODEC_H264 = 7;
    private static final int AVC_SEQUENCE_HEADER = 0;
    private static final int AVC_NALU = 1;
    private static final int SOUND_FORMAT_AAC = 10;
    private static final int AAC_SEQUENCE_HEADER = 0;
    private static final int AAC_RAW = 1;
    /** Enhanced RTMP writes codec ids in metadata as FourCC numbers. */
    private static final long FOURCC_AVC1 = 0x61766331L;
    private static final long FOURCC_MP4A = 0x6D703461L;
    private static final String[] VIDEO_CODECS = {"", "JPEG", "Sorenson H.263", "Screen video", "On2 VP6",
        "On2 VP6 with alpha", "Screen video 2", "H.264", "", "", "", "", "H.265"};
    private static final String[] SOUND_FORMATS = {"linear PCM", "ADPCM", "MP3", "linear PCM little-endian",
        "Nellymoser 16 kHz", "Nellymoser 8 kHz", "Nellymoser", "G.711 A-law", "G.711 mu-law", "", "AAC", "Speex",
        "", "", "MP3 8 kHz", "device-specific"};

    private final Publication publication;
    private final int streamId;
    private final TimestampClock clock = new TimestampClock();

    public Publisher(Publication publication, int streamId) {
        this.publication = publication;
        this.streamId = streamId;
    }

    public Publication publication() {
        return publication;
    }

    public int streamId() {
        return streamId;
    }

    public void video(RtmpMessage message) {
        ByteBuf payload = message.content();
        if (!payload.isReadable()) {
            return;
        }
        int start = payload.readerIndex();
        int first = payload.getUnsignedByte(start);
        if ((first & 0x80) != 0) {
            // Enhanced RTMP: a FourCC names the codec (HEVC, AV1, VP9); none of them is H.264.
            String fourCc = payload.readableBytes() >= 5
                    ? payload.toString(start + 1, 4, StandardCharsets.US_ASCII) : "?";
            throw new UnsupportedCodecException("video '" + LogSafe.text(fourCc) + "' (enhanced RTMP)");
        }
        int frameType = first >>> 4;
        int codec = first & 0x0F;
        if (frameType == FRAME_TYPE_INFO) {
            return;
        }
        if (codec != VIDEO_CODEC_H264) {
            throw new UnsupportedCodecException("video codec id " + codec + " (" + name(VIDEO_CODECS, codec) + ")");
        }
        if (payload.readableBytes() < 5) {
            throw new RtmpProtocolException("H.264 video message of " + payload.readableBytes() + " bytes");
        }
        int packetType = payload.getUnsignedByte(start + 1);
        int compositionTime = payload.getMedium(start + 2);
        long dts = clock.streamTime(message.timestamp());
        byte[] data = ByteBufUtil.getBytes(payload, start + 5, payload.readableBytes() - 5);
        if (packetType == AVC_SEQUENCE_HEADER) {
            publication.videoConfig(data);
        } else if (packetType == AVC_NALU && data.length > 0) {
            publication.video(new VideoFrame(dts, compositionTime, frameType == FRAME_TYPE_KEY, data));
        }
        // Packet type 2, end of sequence, says nothing the end of the stream will not.
    }

    public void audio(RtmpMessage message) {
        ByteBuf payload = message.content();
        if (!payload.isReadable()) {
            return;
        }
        int start = payload.readerIndex();
        int format = payload.getUnsignedByte(start) >>> 4;
        if (format != SOUND_FORMAT_AAC) {
            throw new UnsupportedCodecException("audio format " + format + " (" + name(SOUND_FORMATS, format) + ")");
        }
        if (payload.readableBytes() < 2) {
            throw new RtmpProtocolException("AAC audio message of " + payload.readableBytes() + " bytes");
        }
        int packetType = payload.getUnsignedByte(start + 1);
        long dts = clock.streamTime(message.timestamp());
        byte[] data = ByteBufUtil.getBytes(payload, start + 2, payload.readableBytes() - 2);
        if (packetType == AAC_SEQUENCE_HEADER) {
            publication.audioConfig(data);
        } else if (packetType == AAC_RAW && data.length > 0) {
            publication.audio(new AudioFrame(dts, data));
        }
    }

    /** Takes {@code @setDataFrame("onMetaData", {...})} (ffmpeg, OBS) or a bare {@code onMetaData({...})}. */
    @SuppressWarnings("unchecked")
    public void data(DataMessage message) {
        Map<?, ?> metadata = metadata(message);
        if (metadata != null) {
            checkDeclaredCodecs(metadata);
            publication.metadata((Map<String, Object>) metadata);
        }
    }

    /** Refuses the codecs a metadata message declares, if it is one. */
    public static void checkDeclaredCodecs(DataMessage message) {
        Map<?, ?> metadata = metadata(message);
        if (metadata != null) {
            checkDeclaredCodecs(metadata);
        }
    }

    private static Map<?, ?> metadata(DataMessage message) {
        List<Object> values = message.values();
        int at = !values.isEmpty() && "@setDataFrame".equals(values.get(0)) ? 1 : 0;
        return values.size() > at + 1 && "onMetaData".equals(values.get(at))
                && values.get(at + 1) instanceof Map<?, ?> metadata ? metadata : null;
    }

    /**
     * Refuses the codecs the metadata declares (ffmpeg and OBS send it before any media), so a stream HLS cannot
     * carry is refused before a track it can carry (AAC beside Sorenson video) gets it announced.
     */
    private static void checkDeclaredCodecs(Map<?, ?> metadata) {
        Object video = metadata.get("videocodecid");
        if (video instanceof Number id && id.intValue() != VIDEO_CODEC_H264 && id.longValue() != FOURCC_AVC1) {
            throw new UnsupportedCodecException("video codec id " + id.intValue() + " ("
                    + name(VIDEO_CODECS, id.intValue()) + ")");
        }
        if (video instanceof String fourCc && !fourCc.equals("avc1")) {
            throw new UnsupportedCodecException("video '" + LogSafe.text(fourCc) + "'");
        }
        Object audio = metadata.get("audiocodecid");
        if (audio instanceof Number id && id.intValue() != SOUND_FORMAT_AAC && id.longValue() != FOURCC_MP4A) {
            throw new UnsupportedCodecException("audio format " + id.intValue() + " ("
                    + name(SOUND_FORMATS, id.intValue()) + ")");
        }
        if (audio instanceof String fourCc && !fourCc.equals("mp4a")) {
            throw new UnsupportedCodecException("audio '" + LogSafe.text(fourCc) + "'");
        }
    }

    private static String name(String[] names, int id) {
        return id < names.length && !names[id].isEmpty() ? names[id] : "unknown";
    }
}
