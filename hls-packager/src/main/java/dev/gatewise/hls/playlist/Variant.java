package dev.gatewise.hls.playlist;

import dev.gatewise.hls.codec.AacConfig;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.hls.codec.Sps;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a master playlist.
 *
 * @param uri the media playlist, relative to the master (e.g. {@code 360p/index.m3u8})
 * @param bandwidth peak bits per second
 * @param width picture width, 0 for audio only
 * @param height picture height, 0 for audio only
 * @param codecs RFC 6381 codec strings, comma-separated (e.g. {@code avc1.64001f,mp4a.40.2})
 */
public record Variant(String uri, long bandwidth, int width, int height, String codecs) {

    /**
     * Describes a rendition from what it carries.
     *
     * @param video its video configuration, null for audio only
     * @param audio its audio configuration, null for video only
     * @param size the picture size, or null to read it from the SPS
     */
    public static Variant of(String uri, long bandwidth, AvcConfig video, AacConfig audio, Sps.Size size) {
        List<String> codecs = new ArrayList<>();
        Sps.Size picture = size;
        if (video != null) {
            codecs.add(video.codecString());
            if (picture == null) {
                picture = video.pictureSize();
            }
        }
        if (audio != null) {
            codecs.add(audio.codecString());
        }
        return new Variant(uri, bandwidth, picture == null ? 0 : picture.width(),
            picture == null ? 0 : picture.height(), String.join(",", codecs));
    }

    /** This variant announcing at least {@code bitsPerSecond}. */
    public Variant withBandwidthAtLeast(long bitsPerSecond) {
        return bitsPerSecond <= bandwidth ? this : new Variant(uri, bitsPerSecond, width, height, codecs);
    }
}
