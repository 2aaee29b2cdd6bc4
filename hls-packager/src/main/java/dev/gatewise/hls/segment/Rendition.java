package dev.gatewise.hls.segment;

import dev.gatewise.hls.codec.AacConfig;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.VideoFrame;
import java.io.IOException;

/**
 * One rendition of a stream being written: it takes the publisher's frames, in order, on its own worker, and keeps a
 * directory of segments and a media playlist up to date.
 */
public interface Rendition {

    /** Its name in logs: {@code src}, or the rung's name. */
    String name();

    /** Prepares the directory; called first. */
    void open() throws IOException;

    void videoConfig(AvcConfig config);

    void audioConfig(AacConfig config);

    /**
     * @param receivedNanos {@link System#nanoTime()} when the frame reached the packager, to measure lag
     */
    void video(VideoFrame frame, long receivedNanos);

    void audio(AudioFrame frame);

    /** Writes what is left, ends the playlist and frees what the rendition holds; called last. */
    void end() throws IOException;

    /** What this publish wrote. */
    RenditionOutput output();
}
