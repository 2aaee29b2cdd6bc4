package dev.gatewise.gateway.http;

import dev.gatewise.http.ApiException;
import dev.gatewise.http.ApiResponse;
import dev.gatewise.http.BlockingApi;
import dev.gatewise.http.HttpResponses;
import dev.gatewise.http.Route;
import dev.gatewise.http.Routes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;

/**
 * Spring Boot's health endpoint and the Prometheus scrape, served on the product's own HTTP port
 * (there is no servlet container): {@code /actuator/health} and {@code /actuator/prometheus}. Health checks may
 * block (they ask the stores), and a scrape formats every meter: both run off the event loop.
 */
public final class ActuatorRoutes {
    private final HealthEndpoint health;
    private final PrometheusMeterRegistry prometheus;
    private final BlockingApi blocking;

    public ActuatorRoutes(HealthEndpoint health, PrometheusMeterRegistry prometheus, BlockingApi blocking) {
        this.health = health;
        this.prometheus = prometheus;
        this.blocking = blocking;
    }

    public List<Route> routes() {
        return new Routes()
                .get("/actuator/health", blocking.json(exchange -> {
                    HealthComponent result = health.health();
                    return new ApiResponse(Status.UP.equals(result.getStatus()) ? HttpResponseStatus.OK
                            : HttpResponseStatus.SERVICE_UNAVAILABLE, result);
                }))
                .get("/actuator/prometheus", exchange -> blocking.answer(exchange.ctx(), exchange.request(), () -> {
                    var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                            Unpooled.copiedBuffer(prometheus.scrape(), StandardCharsets.UTF_8));
                    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    HttpResponses.send(exchange.ctx(), exchange.request(), response);
                }))
                .any("/actuator/**", exchange -> {
                    throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found",
                            "actuator endpoints here: /actuator/health, /actuator/prometheus");
                })
                .list();
    }
}
