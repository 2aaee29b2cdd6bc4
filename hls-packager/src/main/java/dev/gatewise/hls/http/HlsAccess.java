package dev.gatewise.hls.http;

import dev.gatewise.access.AccessDenied;
import dev.gatewise.access.Credentials;

/**
 * Who may read a stream's HLS files: the relay's rule for watching it (the gateway wires
 * {@code StreamViewers}). Blocking (it may read the store): asked off the event loop.
 */
public interface HlsAccess {

    /** Whether {@code token}, the signed segment of the path ({@code /hls/TOKEN/STREAM/...}), opens the stream. */
    boolean opens(String stream, String token);

    /**
     * Whether the request's bearer token (or none, for a public stream) may watch the stream.
     *
     * @throws AccessDenied if not
     */
    void check(String stream, Credentials credentials);
}
