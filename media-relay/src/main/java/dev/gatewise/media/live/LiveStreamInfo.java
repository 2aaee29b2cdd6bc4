package dev.gatewise.media.live;

import java.time.Instant;
import java.util.Map;

/**
 * What is known about a live stream right now, for listings such as {@code GET /api/streams}.
 *
 * @param name the stream name
 * @param publisher the user publishing it
 * @param params the publish URL's query parameters other than the token
 * @param startedAt when the publish began
 * @param hasVideo whether video configuration or frames have arrived
 * @param hasAudio whether audio configuration or frames have arrived
 * @param width the picture width the publisher's metadata announces, or null before (or without) metadata
 * @param height the picture height the publisher's metadata announces, or null
 */
public record LiveStreamInfo(String name, String publisher, Map<String, String> params, Instant startedAt,
        boolean hasVideo, boolean hasAudio, Integer width, Integer height) {

    public LiveStreamInfo {
        params = Map.copyOf(params);
    }
}
