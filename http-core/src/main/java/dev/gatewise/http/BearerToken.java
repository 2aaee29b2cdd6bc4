package dev.gatewise.http;

import dev.gatewise.access.AccessCheck;
import dev.gatewise.access.AccessDenied;
import dev.gatewise.access.AccessRequest;
import dev.gatewise.access.Action;
import dev.gatewise.access.Credentials;
import dev.gatewise.access.Protocol;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Optional;

/** The session token of a request ({@code Authorization: Bearer TOKEN}) and the access check's answer to it. */
public final class BearerToken {
    private static final String PREFIX = "Bearer ";

    private BearerToken() {}

    /**
     * The signed-in user a REST call comes from; otherwise a 401 with the JSON body every HTTP route answers it
     * with. Blocking (a store lookup).
     */
    public static String user(HttpRequest request, AccessCheck access) {
        return check(access, AccessRequest.of(Protocol.HTTP, Action.API, new QueryStringDecoder(request.uri()).path(),
                credentials(request)));
    }

    /**
     * Asks the access check; a refusal becomes the HTTP answer: 401 (present a valid token) or 403 (with why).
     * Blocking.
     */
    public static String check(AccessCheck access, AccessRequest request) {
        try {
            return access.check(request);
        } catch (AccessDenied e) {
            throw refusal(e);
        }
    }

    /** A refusal as the HTTP answer: 401 (present a valid token) or 403 (with why). */
    public static ApiException refusal(AccessDenied e) {
        return e.askCredentials()
                ? new ApiException(HttpResponseStatus.UNAUTHORIZED, "unauthorized",
                        "send a valid session token as 'Authorization: Bearer TOKEN'")
                : new ApiException(HttpResponseStatus.FORBIDDEN, "forbidden", e.getMessage());
    }

    public static Credentials credentials(HttpRequest request) {
        return Credentials.token(from(request).orElse(null));
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
