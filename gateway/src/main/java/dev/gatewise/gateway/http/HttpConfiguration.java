package dev.gatewise.gateway.http;

import dev.gatewise.gateway.GatewayProperties;
import dev.gatewise.http.Route;
import dev.gatewise.http.BlockingApi;
import dev.gatewise.http.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one HTTP port: every role's routes, the actuator endpoints, and the web client at {@code /}. */
@Configuration(proxyBeanMethods = false)
public class HttpConfiguration {
    @Bean(destroyMethod = "shutdown")
    public ExecutorService actuatorExecutor() {
        return Executors.newSingleThreadExecutor(r -> new Thread(r, "actuator"));
    }

    @Bean(destroyMethod = "close")
    public HttpServer httpServer(GatewayProperties properties, List<RouteSource> sources, HealthEndpoint health,
                                 PrometheusMeterRegistry prometheus, ExecutorService actuatorExecutor,
                                 @Qualifier("boss") EventLoopGroup boss, @Qualifier("io") EventLoopGroup io) {
        var routes = new ArrayList<Route>();
        sources.forEach(source -> routes.addAll(source.routes()));
        routes.addAll(new ActuatorRoutes(health, prometheus, new BlockingApi(actuatorExecutor)).routes());
        routes.addAll(new StaticResourceRoute().routes());
        var http = properties.getHttp();
        var settings = new HttpServer.HttpSettings((int) http.getMaxBody().toBytes(), (int) http.getMaxHeader().toBytes(),
                http.getIdleTimeout(), http.getRequestHeadTimeout());
        return new HttpServer(http.getHost(), http.getPort(), settings, routes, boss, io);
    }
}
