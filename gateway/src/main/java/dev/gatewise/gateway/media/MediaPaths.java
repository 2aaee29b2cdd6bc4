package dev.gatewise.gateway.media;

/** Where a live stream is watched over HTTP. */
final class MediaPaths {
    private MediaPaths() {}

    static String playlist(String stream) {
        return "/hls/" + stream + "/index.m3u8";
    }

    static String thumbnail(String stream) {
        return "/hls/" + stream + "/thumb.jpg";
    }
}
