package dev.gatewise.media.stream;

import java.time.Instant;
import java.util.Map;

/**
 * A stream someone is publishing right now.
 *
 * @param name the validated stream name (the last path segment of the RTMP URL)
 * @param publisher the chat user whose session token authorised the publish
 * @param params the URL's query parameters other than the token (for example {@code group})
 * @param startedAt when the publish began
 */
public record LiveStream(String name, String publisher, Map<String, String> params, Instant startedAt) {

    public LiveStream {
        params = Map.copyOf(params);
    }
}
