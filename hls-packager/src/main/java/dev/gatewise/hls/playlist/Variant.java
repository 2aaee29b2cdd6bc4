package dev.gatewise.hls.playlist;

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

    /** This variant announcing at least {@code bitsPerSecond}. */
    public Variant withBandwidthAtLeast(long bitsPerSecond) {
        return bitsPerSecond <= bandwidth ? this : new Variant(uri, bitsPerSecond, width, height, codecs);
    }
}
