package dev.gatewise.hls.ffmpeg;

import static dev.gatewise.hls.ffmpeg.FFmpegCalls.EAGAIN;
import static dev.gatewise.hls.ffmpeg.FFmpegCalls.check;
import static org.bytedeco.ffmpeg.avutil.AVFrame.AV_FRAME_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * FFmpeg's H.264 decoder, fed AVCC access units with the AVCDecoderConfigurationRecord as extradata, one thread
 * (frame threading would add a frame of delay per thread, and each user already has its own thread). Timestamps are
 * in milliseconds. Not thread-safe; {@link #close()} frees the native context.
 */
public final class H264Decoder implements AutoCloseable {

    private final AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame frame;

    public H264Decoder(byte[] avcDecoderConfigurationRecord) {
        AVCodec codec = avcodec_find_decoder(AV_CODEC_ID_H264);
        context = avcodec_alloc_context3(codec);
        BytePointer extradata = new BytePointer(
            av_mallocz(avcDecoderConfigurationRecord.length + AV_INPUT_BUFFER_PADDING_SIZE));
        extradata.capacity(avcDecoderConfigurationRecord.length + AV_INPUT_BUFFER_PADDING_SIZE);
        extradata.put(avcDecoderConfigurationRecord);
        context.extradata(extradata);
        context.extradata_size(avcDecoderConfigurationRecord.length);
        context.pkt_timebase(av_make_q(1, 1000));
        context.thread_count(1);
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        try {
            check(avcodec_open2(context, codec, (AVDictionary) null), "opening the H.264 decoder");
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
    }

    /**
     * Decodes one access unit and hands over the pictures that come out (none, one or more, in display order). A
     * picture is valid only during the call; a broken access unit yields nothing rather than failing the stream.
     */
    public void decode(byte[] avcc, long dts, long pts, boolean keyframe, Consumer<AVFrame> pictures) {
        check(av_new_packet(packet, avcc.length), "allocating a packet");
        packet.data().capacity(avcc.length).put(avcc);
        packet.dts(dts);
        packet.pts(pts);
        if (keyframe) {
            packet.flags(packet.flags() | AV_PKT_FLAG_KEY);
        }
        int sent = avcodec_send_packet(context, packet);
        av_packet_unref(packet);
        if (sent < 0 && sent != EAGAIN) {
            return;
        }
        receive(pictures);
    }

    /** Signals the end of the input and hands over the pictures still held for reordering. */
    public void flush(Consumer<AVFrame> pictures) {
        avcodec_send_packet(context, null);
        receive(pictures);
    }

    /** Whether a decoded picture is a keyframe. */
    public static boolean isKeyframe(AVFrame picture) {
        return (picture.flags() & AV_FRAME_FLAG_KEY) != 0;
    }

    private void receive(Consumer<AVFrame> pictures) {
        while (avcodec_receive_frame(context, frame) >= 0) {
            try {
                pictures.accept(frame);
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    @Override
    public void close() {
        av_frame_free(frame);
        av_packet_free(packet);
        avcodec_free_context(context);
    }
}
