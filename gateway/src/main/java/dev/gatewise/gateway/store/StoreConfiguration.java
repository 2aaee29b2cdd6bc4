package dev.gatewise.gateway.store;

import dev.gatewise.gateway.GatewayProperties;
import dev.gatewise.im.access.StoreAccessCheck;
import dev.gatewise.im.cluster.SessionNotices;
import dev.gatewise.im.store.ChatStores;
import dev.gatewise.im.store.embedded.EmbeddedStores;
import dev.gatewise.im.store.redis.RedisStores;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Picks the store implementation named by {@code gateway.store.type}. */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "gateway.store.type", havingValue = "embedded", matchIfMissing = true)
    public ChatStores embeddedStores(GatewayProperties properties) {
        return new EmbeddedStores(properties.getDataDir(), properties.getStore().isFsync(),
                properties.getStore().getRetention(), EmbeddedStores.SEGMENT_BYTES);
    }

    /**
     * The one access check of the process, for every role and protocol, with the one token service. Session tokens
     * live in the store, so every role on every node checks the same ones.
     */
    @Bean
    public StoreAccessCheck accessCheck(ChatStores stores, GatewayProperties properties) {
        return new StoreAccessCheck(stores, properties.getChat());
    }

    /**
     * A node without the chat role (whose chat node would) still listens for sessions that ended on other nodes, to
     * close the uploads and publishes riding on them here.
     */
    @Bean
    @ConditionalOnProperty(name = "gateway.roles.chat", havingValue = "false")
    public SessionNotices sessionNotices(ChatStores stores, StoreAccessCheck access, GatewayProperties properties) {
        var notices = new SessionNotices(access.tokens().watches());
        stores.bus().subscribe(properties.getNodeId(), notices);
        return notices;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "gateway.store.type", havingValue = "redis")
    public ChatStores redisStores(GatewayProperties properties) {
        var store = properties.getStore();
        return new RedisStores(store.getRedisUri(), properties.getChat().getNodeTtl(), store.getRedisPoolSize(),
                store.getRedisWaitReplicas(), store.getRedisWaitTimeout());
    }
}
