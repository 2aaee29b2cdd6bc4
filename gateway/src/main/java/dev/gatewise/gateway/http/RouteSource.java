package dev.gatewise.gateway.http;

import dev.gatewise.http.Route;
import java.util.List;

/** A role's HTTP routes; the HTTP server mounts those of every role that runs here. */
@FunctionalInterface
public interface RouteSource {
    List<Route> routes();
}
