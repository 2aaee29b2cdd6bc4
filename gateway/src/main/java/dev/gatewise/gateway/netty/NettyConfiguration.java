package dev.gatewise.gateway.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event loops all listeners share: one acceptor thread, and {@code gateway.netty.io-threads} I/O threads (0:
 * Netty's default, two per core). A media node does better with one per core: its publishers are read once per tick
 * per event loop, so fewer loops mean fewer wake-ups for the same bytes.
 */
@Configuration(proxyBeanMethods = false)
public class NettyConfiguration {
    @Bean(destroyMethod = "shutdownGracefully")
    @Qualifier("boss")
    public EventLoopGroup bossGroup() {
        return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("netty-accept"), NioIoHandler.newFactory());
    }

    @Bean(destroyMethod = "shutdownGracefully")
    @Qualifier("io")
    public EventLoopGroup ioGroup(@Value("${gateway.netty.io-threads:0}") int ioThreads) {
        return new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("netty-io"),
                NioIoHandler.newFactory());
    }
}
