package dev.gatewise.im.session;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Optional;

/** Reads the session token from {@code Authorization: Bearer TOKEN}. */
public final class BearerToken {
    private static final String PREFIX = "Bearer ";

    private BearerToken() {}

    public static Optional<String> from(HttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        String token = header.substring(PREFIX.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
