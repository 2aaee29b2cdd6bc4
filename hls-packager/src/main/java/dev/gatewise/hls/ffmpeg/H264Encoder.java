package dev.gatewise.hls.ffmpeg;

import static dev.gatewise.hls.ffmpeg.FFmpegCalls.EAGAIN;
import static dev.gatewise.hls.ffmpeg.FFmpegCalls.check;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * H.264 encoding with Cisco's OpenH264 through FFmpeg ({@code libopenh264}: the encoder FFmpeg's LGPL build has;
 * asking for {@code libx264} would silently get something else). Takes YUV 4:2:0 pictures at its size, timestamps in
 * milliseconds, emits Annex B access units with the SPS and PPS in front of each IDR. No B-frames, so output order is
 * input order and decode time equals presentation time. Not thread-safe; {@link #close()} frees the native context.
 */
public final class H264Encoder implements AutoCloseable {

    /** Receives one encoded access unit; the bytes are the caller's to keep. */
    @FunctionalInterface
    public interface Output {
        void accept(byte[] annexB, long pts, boolean keyframe);
    }

    private final AVCodecContext context;
    private final AVPacket packet;

    /**
     * @param framesPerSecond the publisher's frame rate; OpenH264's rate control spends the bit rate per frame, so
     *     a wrong value gives a proportionally wrong bit rate
     */
    public H264Encoder(int width, int height, long bitsPerSecond, int framesPerSecond) {
        AVCodec codec = avcodec_find_encoder_by_name("libopenh264");
        if (codec == null) {
            throw new IllegalStateException("this FFmpeg build has no libopenh264 encoder");
        }
        context = avcodec_alloc_context3(codec);
        context.width(width);
        context.height(height);
        context.pix_fmt(AV_PIX_FMT_YUV420P);
        context.time_base(av_make_q(1, 1000));
        context.framerate(av_make_q(framesPerSecond, 1));
        context.bit_rate(bitsPerSecond);
        // Keyframes come where the source has them (see encode); the encoder's own period is only a backstop.
        context.gop_size(framesPerSecond * 60);
        context.max_b_frames(0);
        context.thread_count(1);
        packet = av_packet_alloc();
        try {
            check(avcodec_open2(context, codec, (AVDictionary) null), "opening libopenh264");
        } catch (IllegalStateException e) {
            close();
            throw e;
        }
    }

    /**
     * Encodes a picture, as an IDR if {@code forceKeyframe}.
     *
     * @param picture at the encoder's size, YUV 4:2:0; its type and timestamp are overwritten
     */
    public void encode(AVFrame picture, long pts, boolean forceKeyframe, Output output) {
        picture.pts(pts);
        picture.pict_type(forceKeyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        int sent = avcodec_send_frame(context, picture);
        if (sent != EAGAIN) {
            check(sent, "encoding a picture");
        }
        receive(output);
    }

    /** Signals the end of the input and hands over what the encoder still holds. */
    public void flush(Output output) {
        avcodec_send_frame(context, null);
        receive(output);
    }

    private void receive(Output output) {
        while (avcodec_receive_packet(context, packet) >= 0) {
            try {
                byte[] data = new byte[packet.size()];
                packet.data().capacity(data.length).get(data);
                output.accept(data, packet.pts(), (packet.flags() & AV_PKT_FLAG_KEY) != 0);
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    @Override
    public void close() {
        av_packet_free(packet);
        avcodec_free_context(context);
    }
}
