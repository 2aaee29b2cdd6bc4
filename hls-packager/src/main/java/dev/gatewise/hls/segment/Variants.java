package dev.gatewise.hls.segment;

import dev.gatewise.hls.codec.AacConfig;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.hls.codec.Sps;
import dev.gatewise.hls.playlist.Variant;
import java.util.ArrayList;
import java.util.List;

/** Describes a rendition for the master playlist from what it carries. */
public final class Variants {

    private Variants() {}

    /**
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
}
