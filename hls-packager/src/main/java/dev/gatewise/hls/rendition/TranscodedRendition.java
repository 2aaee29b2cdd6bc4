package dev.gatewise.hls.rendition;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import dev.gatewise.hls.HlsMetrics;
import dev.gatewise.hls.codec.AacConfig;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.hls.codec.Nals;
import dev.gatewise.hls.codec.Sps;
import dev.gatewise.hls.ffmpeg.FrameScaler;
import dev.gatewise.hls.ffmpeg.H264Decoder;
import dev.gatewise.hls.ffmpeg.H264Encoder;
import dev.gatewise.hls.playlist.Variant;
import dev.gatewise.hls.segment.Rendition;
import dev.gatewise.hls.segment.RenditionOutput;
import dev.gatewise.hls.segment.Segmenter;
import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.VideoFrame;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * A rung of the ladder: the source video decoded (FFmpeg's H.264 decoder), scaled (libswscale) and encoded again
 * (libopenh264) at the rung's size and bit rate, with the source's AAC copied as it is. The encoder is made to put an
 * IDR exactly where the source has a keyframe, and the same {@link Segmenter} cuts it, so its segments start at the
 * same times as the source's and players can switch between them at any segment boundary.
 *
 * <p>Audio waits here until the video has caught up with it (decoding and encoding delay the video by a few frames),
 * so the two are interleaved in the segments as they are in the source.
 */
public final class TranscodedRendition implements Rendition {

    private static final int MAX_WAITING_AUDIO = 256;

    private final RungSpec rung;
    private final Sps.Size size;
    private final int framesPerSecond;
    private final HlsMetrics metrics;
    private final Consumer<Variant> variantListener;
    private final RenditionOutput output;
    private final Segmenter segmenter;
    private final Deque<AudioFrame> waitingAudio = new ArrayDeque<>();
    // Whether each picture given to the encoder was a source keyframe, oldest first: output order is input order.
    private final Deque<Boolean> forcedKeyframes = new ArrayDeque<>();
    private H264Decoder decoder;
    private AvcConfig decoderConfig;
    private FrameScaler scaler;
    private H264Encoder encoder;
    private AvcConfig encodedConfig;
    private AacConfig audio;

    /**
     * @param size the picture size, the rung's box fitted to the source ({@link RungSpec#fit})
     * @param framesPerSecond the source's frame rate, for the encoder's rate control
     * @param outputFactory makes its output, given the listener for the first segment
     * @param variantListener told the variant once the first segment is listed
     */
    public TranscodedRendition(RungSpec rung, Sps.Size size, long targetMillis, int framesPerSecond,
        HlsMetrics metrics, Function<LongConsumer, RenditionOutput> outputFactory,
        Consumer<Variant> variantListener) {
        this.rung = rung;
        this.size = size;
        this.framesPerSecond = framesPerSecond;
        this.metrics = metrics;
        this.variantListener = variantListener;
        this.output = outputFactory.apply(this::firstSegment);
        this.segmenter = new Segmenter(targetMillis, output.formats());
    }

    @Override
    public String name() {
        return rung.name();
    }

    @Override
    public void open() throws IOException {
        output.open();
        scaler = new FrameScaler(size.width(), size.height(), AV_PIX_FMT_YUV420P);
        encoder = new H264Encoder(size.width(), size.height(), rung.bitsPerSecond(), framesPerSecond);
    }

    @Override
    public void videoConfig(AvcConfig config) {
        // Publishers may repeat an unchanged configuration; a new decoder would then wait for the next keyframe.
        if (decoderConfig != null && Arrays.equals(decoderConfig.record(), config.record())) {
            return;
        }
        decoderConfig = config;
        if (decoder != null) {
            decoder.flush(this::encode);
            decoder.close();
        }
        decoder = new H264Decoder(config.record());
    }

    @Override
    public void audioConfig(AacConfig config) {
        audio = config;
        segmenter.audioConfig(config);
    }

    @Override
    public void video(VideoFrame frame, long receivedNanos) {
        if (decoder == null) {
            return;
        }
        decoder.decode(frame.avcc(), frame.dts(), frame.pts(), frame.keyframe(), this::encode);
        metrics.transcodeLag(Duration.ofNanos(System.nanoTime() - receivedNanos));
    }

    @Override
    public void audio(AudioFrame frame) {
        waitingAudio.addLast(frame);
        // Without video coming out (a stalled or undecodable source), audio must not pile up.
        while (waitingAudio.size() > MAX_WAITING_AUDIO) {
            segmenter.audio(waitingAudio.removeFirst());
        }
    }

    @Override
    public void end() throws IOException {
        try {
            if (decoder != null) {
                decoder.flush(this::encode);
            }
            if (encoder != null) {
                encoder.flush(this::encoded);
            }
            while (!waitingAudio.isEmpty()) {
                segmenter.audio(waitingAudio.removeFirst());
            }
            segmenter.finish();
            output.end();
        } finally {
            if (decoder != null) {
                decoder.close();
            }
            if (encoder != null) {
                encoder.close();
            }
            if (scaler != null) {
                scaler.close();
            }
        }
    }

    @Override
    public RenditionOutput output() {
        return output;
    }

    private void encode(AVFrame picture) {
        long pts = picture.best_effort_timestamp();
        // A picture the decoder cannot place in time (broken input) cannot be placed in a segment either.
        if (pts == AV_NOPTS_VALUE) {
            return;
        }
        boolean keyframe = H264Decoder.isKeyframe(picture);
        forcedKeyframes.addLast(keyframe);
        encoder.encode(scaler.scale(picture), pts, keyframe, this::encoded);
    }

    private void encoded(byte[] annexB, long pts, boolean keyframe) {
        List<byte[]> nals = Nals.splitAnnexB(annexB, annexB.length);
        configureFrom(nals);
        Boolean forced = forcedKeyframes.pollFirst();
        while (!waitingAudio.isEmpty() && waitingAudio.peekFirst().dts() < pts) {
            segmenter.audio(waitingAudio.removeFirst());
        }
        // Only the keyframes we forced are cut points: an IDR the encoder adds on its own would misalign the rung.
        boolean cutPoint = keyframe && Boolean.TRUE.equals(forced);
        segmenter.video(new VideoFrame(pts, 0, cutPoint, Nals.toAvcc(nals)));
    }

    // The encoder repeats its SPS and PPS before each IDR; the muxer and the master playlist want them as a config.
    private void configureFrom(List<byte[]> nals) {
        byte[] sps = null;
        byte[] pps = null;
        for (byte[] nal : nals) {
            int type = nal[0] & 0x1F;
            if (type == Nals.TYPE_SPS) {
                sps = nal;
            } else if (type == Nals.TYPE_PPS) {
                pps = nal;
            }
        }
        if (sps != null && pps != null && (encodedConfig == null
            || !Arrays.equals(sps, encodedConfig.sps().get(0)))) {
            encodedConfig = AvcConfig.of(sps, pps);
            segmenter.videoConfig(encodedConfig);
        }
    }

    private void firstSegment(long bitsPerSecond) {
        long bandwidth = Math.max(bitsPerSecond, rung.bitsPerSecond());
        variantListener.accept(Variant.of(rung.name() + "/" + RenditionOutput.PLAYLIST, bandwidth, encodedConfig,
            audio, size));
    }
}
