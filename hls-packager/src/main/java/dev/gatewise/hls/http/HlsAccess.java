package dev.gatewise.hls.http;

import dev.gatewise.access.AccessDenied;
import dev.gatewise.access.Credentials;

/**
 * Who may read a stream's HLS files: the relay's rule for watching it (the gateway wires
 * {@code StreamViewers}).
 */
public interface HlsAccess {

    /**
     * Whether {@code token}, the signed segment of the path ({@code /hls/TOKEN/STREAM/...}), opens the stream. Does
     * not block (an HMAC and the streams in memory): asked on the event loop.
     */
    boolean opens(String stream, String token);

    /**
     * Whether the request's bearer token (or none, for a public stream) may watch the stream. Blocking (it may read
     * the store): asked off the event loop unless {@link #checksWithoutWaiting}.
     *
     * @throws AccessDenied if not
     */
    void check(String stream, Credentials credentials);

    /** Whether {@link #check} answers from memory now, so it may run on an event loop; by default not. */
    default boolean checksWithoutWaiting() {
        return false;
    }
}
