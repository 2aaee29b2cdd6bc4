package dev.gatewise.gateway.calls;

import dev.gatewise.calls.Calls;
import dev.gatewise.gateway.GatewayProperties;
import dev.gatewise.gateway.http.RouteSource;
import dev.gatewise.im.ChatNode;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Calls ride on chat: {@code call} frames on the chat connections, and {@code /api/turn}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.roles.chat", havingValue = "true", matchIfMissing = true)
public class CallsConfiguration {
    @Bean
    public Calls calls(ChatNode node, GatewayProperties properties) {
        return new Calls(node, properties.getCalls());
    }

    @Bean
    public RouteSource callRoutes(Calls calls) {
        return calls::routes;
    }
}
