package dev.gatewise.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Set;

/**
 * One endpoint of the HTTP port: the methods it answers (empty: any), its path pattern, and what handles it, either
 * the whole request ({@code handler}) or, for uploads, the head and then the body in pieces ({@code body}).
 * Build them with {@link Routes}.
 */
public record Route(Set<HttpMethod> methods, PathPattern pattern, Handler handler, BodyHandler body) {

    public Route {
        methods = Set.copyOf(methods);
        if ((handler == null) == (body == null)) {
            throw new IllegalArgumentException("a route has either a handler or a body handler");
        }
    }

    /** Whether this route takes the body in pieces instead of aggregated. */
    public boolean streamsBody() {
        return body != null;
    }

    boolean accepts(HttpMethod method) {
        return methods.isEmpty() || methods.contains(method);
    }
}
