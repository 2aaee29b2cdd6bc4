package dev.gatewise.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every route of the port. The most specific pattern that matches a path decides: a route of it that takes the
 * method answers; if none does, 405 (a less specific pattern does not catch a method the more specific one refuses).
 * No pattern at all: 404. Among routes of equally specific patterns, one naming the method wins over one for any.
 */
public final class RouteTable {
    private final List<Route> routes;

    public RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** What a request gets: a route with its path parameters, or the refusal's status and allowed methods. */
    public record Match(Route route, Map<String, String> params, QueryStringDecoder query, String allowed) {
        boolean found() {
            return route != null;
        }
    }

    public Match match(HttpRequest request) {
        var query = new QueryStringDecoder(request.uri());
        List<String> path = segments(query.path());
        HttpMethod method = request.method();
        PathPattern best = null;
        Route chosen = null;
        Map<String, String> chosenParams = null;
        var allowed = new TreeSet<String>();
        for (Route route : routes) {
            Map<String, String> params = route.pattern().match(path);
            if (params == null) {
                continue;
            }
            int specificity = best == null ? 1 : route.pattern().compareSpecificity(best);
            if (specificity > 0) {
                best = route.pattern();
                chosen = null;
                chosenParams = null;
                allowed.clear();
            }
            if (specificity >= 0) {
                route.methods().forEach(m -> allowed.add(m.name()));
                if (route.accepts(method) && (chosen == null || (chosen.methods().isEmpty()
                        && !route.methods().isEmpty()))) {
                    chosen = route;
                    chosenParams = params;
                }
            }
        }
        return new Match(chosen, chosenParams, query, best == null ? null : String.join(", ", allowed));
    }

    /** {@code /a/b/} as {@code [a, b]}; {@code /} as none. */
    static List<String> segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(trimmed.split("/", -1)));
    }
}
