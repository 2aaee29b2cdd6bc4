package dev.gatewise.hls;

import dev.gatewise.hls.codec.AacConfig;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.hls.segment.Rendition;
import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.StreamSink;
import dev.gatewise.media.stream.VideoFrame;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Feeds one rendition directly on the caller's thread, without workers: for measuring what the rendition costs. */
final class RenditionFeeder implements StreamSink {

    private final Rendition rendition;

    RenditionFeeder(Rendition rendition) {
        this.rendition = rendition;
    }

    @Override
    public void onVideoConfig(byte[] record) {
        rendition.videoConfig(AvcConfig.parse(record));
    }

    @Override
    public void onAudioConfig(byte[] asc) {
        rendition.audioConfig(AacConfig.parse(asc));
    }

    @Override
    public void onVideo(VideoFrame frame) {
        rendition.video(frame, System.nanoTime());
    }

    @Override
    public void onAudio(AudioFrame frame) {
        rendition.audio(frame);
    }

    @Override
    public void onEnd(boolean clean) {
        try {
            rendition.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
