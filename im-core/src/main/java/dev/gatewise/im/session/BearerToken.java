package dev.gatewise.im.session;

import dev.gatewise.http.ApiException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;

/** Reads the session token from {@code Authorization: Bearer TOKEN}. */
public final class BearerToken {
    private static final String PREFIX = "Bearer ";

    private BearerToken() {}

    /**
     * The user whose valid session token the request carries; otherwise a 401 with the JSON body every HTTP route
     * answers it with. Blocking (a store lookup).
     */
    public static String user(HttpRequest request, TokenService tokens) {
        return from(request).flatMap(tokens::authenticate).orElseThrow(() ->
                new ApiException(HttpResponseStatus.UNAUTHORIZED, "unauthorized",
                        "send a valid session token as 'Authorization: Bearer TOKEN'"));
    }

    public static Optional<String> from(HttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        String token = header.substring(PREFIX.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
