package dev.gatewise.hls.segment;

import dev.gatewise.hls.codec.AacConfig;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.hls.playlist.Variant;
import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.VideoFrame;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;

/** The publisher's own audio and video, remuxed into segments as they are: no decoding, no encoding. */
public final class SourceRendition implements Rendition {

    private final String playlistUri;
    private final Consumer<Variant> variantListener;
    private final RenditionOutput output;
    private final Segmenter segmenter;
    private AvcConfig video;
    private AacConfig audio;

    /**
     * @param playlistUri its playlist relative to the master playlist (for the variant it reports)
     * @param outputFactory makes its output, given the listener for the first segment
     * @param variantListener told the variant once the first segment is listed
     */
    public SourceRendition(String playlistUri, long targetMillis,
        Function<LongConsumer, RenditionOutput> outputFactory,
        Consumer<Variant> variantListener) {
        this.playlistUri = playlistUri;
        this.variantListener = variantListener;
        this.output = outputFactory.apply(this::firstSegment);
        this.segmenter = new Segmenter(targetMillis, output.formats());
    }

    @Override
    public String name() {
        return "src";
    }

    @Override
    public void open() throws IOException {
        output.open();
    }

    @Override
    public void videoConfig(AvcConfig config) {
        video = config;
        segmenter.videoConfig(config);
    }

    @Override
    public void audioConfig(AacConfig config) {
        audio = config;
        segmenter.audioConfig(config);
    }

    @Override
    public void video(VideoFrame frame, long receivedNanos) {
        segmenter.video(frame);
    }

    @Override
    public void audio(AudioFrame frame) {
        segmenter.audio(frame);
    }

    @Override
    public void end() throws IOException {
        segmenter.finish();
        output.end();
    }

    @Override
    public RenditionOutput output() {
        return output;
    }

    private void firstSegment(long bitsPerSecond) {
        variantListener.accept(Variant.of(playlistUri, bitsPerSecond, video, audio, null));
    }
}
