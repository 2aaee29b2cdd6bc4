package dev.gatewise.media.stream;

import java.util.Map;

/**
 * Receives one published stream, in order. The relay calls these methods on the publisher's event loop, one at a
 * time: a sink must not block (disk and codec work go to its own executor) and must not keep a reference to
 * anything but the arguments it was given. Every sink of a stream is given the same arrays, copied once out of the
 * publisher's connection: a sink may keep them as long as it likes but must never modify them.
 */
public interface StreamSink {

    /** The publisher's {@code onMetaData} (width, height, framerate, encoder...), possibly sent more than once. */
    default void onMetadata(Map<String, Object> metadata) {}

    /** An AVCDecoderConfigurationRecord (SPS and PPS); comes before the first video frame and again if it changes. */
    void onVideoConfig(byte[] avcDecoderConfigurationRecord);

    /** An AudioSpecificConfig; comes before the first audio frame and again if it changes. */
    void onAudioConfig(byte[] audioSpecificConfig);

    void onVideo(VideoFrame frame);

    void onAudio(AudioFrame frame);

    /**
     * The stream has ended: the publisher unpublished, disconnected or vanished. Called exactly once, last.
     *
     * @param clean whether the publisher ended it with an unpublish rather than by disappearing
     */
    void onEnd(boolean clean);
}
