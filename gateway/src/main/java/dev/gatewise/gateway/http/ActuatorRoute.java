package dev.gatewise.gateway.http;

import dev.gatewise.im.http.HttpResponses;
import dev.gatewise.im.http.WholeRequestRoute;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;

/**
 * Spring Boot's health endpoint and the Prometheus scrape, served on the product's own HTTP port
 * (there is no servlet container): {@code /actuator/health} and {@code /actuator/prometheus}.
 */
public final class ActuatorRoute implements WholeRequestRoute {
    private final HealthEndpoint health;
    private final PrometheusMeterRegistry prometheus;
    private final Executor executor;

    public ActuatorRoute(HealthEndpoint health, PrometheusMeterRegistry prometheus, Executor executor) {
        this.health = health;
        this.prometheus = prometheus;
        this.executor = executor;
    }

    @Override
    public String prefix() {
        return "/actuator";
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        // Health checks may block (they ask the stores), and a scrape formats every meter: off the event loop.
        executor.execute(() -> {
            try {
                switch (path) {
                    case "/actuator/health" -> {
                        HealthComponent result = health.health();
                        HttpResponseStatus status = Status.UP.equals(result.getStatus()) ? HttpResponseStatus.OK
                                : HttpResponseStatus.SERVICE_UNAVAILABLE;
                        HttpResponses.json(ctx, request, status, result);
                    }
                    case "/actuator/prometheus" -> {
                        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                                Unpooled.copiedBuffer(prometheus.scrape(), StandardCharsets.UTF_8));
                        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                        HttpResponses.send(ctx, request, response);
                    }
                    default -> HttpResponses.error(ctx, request, HttpResponseStatus.NOT_FOUND, "not_found",
                            "actuator endpoints here: /actuator/health, /actuator/prometheus");
                }
            } finally {
                request.release();
            }
        });
    }
}
