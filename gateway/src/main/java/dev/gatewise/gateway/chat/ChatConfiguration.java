package dev.gatewise.gateway.chat;

import dev.gatewise.gateway.GatewayProperties;
import dev.gatewise.files.FileService;
import dev.gatewise.gateway.media.LiveEvents;
import dev.gatewise.im.ChatNode;
import dev.gatewise.im.access.StoreAccessCheck;
import dev.gatewise.http.HttpServer;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import dev.gatewise.gateway.http.RouteSource;
import dev.gatewise.im.store.ChatStores;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The chat role: the chat engine, its TCP listener and its HTTP routes. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.roles.chat", havingValue = "true", matchIfMissing = true)
public class ChatConfiguration {
    @Bean(destroyMethod = "close")
    public ChatNode chatNode(GatewayProperties properties, ChatStores stores, StoreAccessCheck access,
                             MeterRegistry registry, @Qualifier("boss") EventLoopGroup boss,
                             @Qualifier("io") EventLoopGroup io) {
        var node = new ChatNode(properties.getChat(), stores, access, registry, boss, io, properties.getNodeId());
        // File and voice messages are checked against the shared store, whether or not this node serves files.
        FileService.messagePolicies(stores, node.access()).forEach(node::registerKind);
        node.registerKind(LiveEvents.KIND, LiveEvents.clientsMayNotSend());
        return node;
    }

    @Bean
    public RouteSource chatRoutes(ChatNode node) {
        return node::httpRoutes;
    }

    /** Once the HTTP port listens, the node reports itself (with its chat addresses) to the node table. */
    @Bean
    public ApplicationListener<ApplicationReadyEvent> joinCluster(ChatNode node, HttpServer http) {
        return event -> node.joinCluster(http.port());
    }

    @Bean
    public ChatHealthIndicator chatHealthIndicator(ChatNode node) {
        return new ChatHealthIndicator(node);
    }
}
