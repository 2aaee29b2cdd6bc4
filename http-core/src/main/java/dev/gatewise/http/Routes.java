package dev.gatewise.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Builds a role's routes: {@code new Routes().get("/api/users", h).post("/api/users", h2).list()}. */
public final class Routes {
    private final List<Route> routes = new ArrayList<>();
    private Handler preflight;

    public Routes get(String pattern, Handler handler) {
        return on(Set.of(HttpMethod.GET), pattern, handler);
    }

    /** GET and HEAD, as files and pages are read. */
    public Routes read(String pattern, Handler handler) {
        return on(Set.of(HttpMethod.GET, HttpMethod.HEAD), pattern, handler);
    }

    public Routes post(String pattern, Handler handler) {
        return on(Set.of(HttpMethod.POST), pattern, handler);
    }

    public Routes delete(String pattern, Handler handler) {
        return on(Set.of(HttpMethod.DELETE), pattern, handler);
    }

    /**
     * Answers {@code OPTIONS} (a CORS preflight) on every pattern of these routes: a preflight asks at the very path
     * the request will go to, so it must not fall to a 405 there.
     */
    public Routes preflight(Handler handler) {
        this.preflight = handler;
        return this;
    }

    /** Any method: a handler that tells methods apart itself, or a path's own refusal. */
    public Routes any(String pattern, Handler handler) {
        return on(Set.of(), pattern, handler);
    }

    public Routes on(Set<HttpMethod> methods, String pattern, Handler handler) {
        routes.add(new Route(methods, new PathPattern(pattern), handler, null));
        return this;
    }

    /** A request whose body streams to {@code body} instead of being aggregated (uploads). */
    public Routes streaming(HttpMethod method, String pattern, BodyHandler body) {
        routes.add(new Route(Set.of(method), new PathPattern(pattern), null, body));
        return this;
    }

    public List<Route> list() {
        var all = new ArrayList<>(routes);
        if (preflight != null) {
            var patterns = new LinkedHashSet<String>();
            routes.forEach(route -> patterns.add(route.pattern().toString()));
            patterns.forEach(pattern -> all.add(new Route(Set.of(HttpMethod.OPTIONS), new PathPattern(pattern),
                    preflight, null)));
        }
        return List.copyOf(all);
    }
}
