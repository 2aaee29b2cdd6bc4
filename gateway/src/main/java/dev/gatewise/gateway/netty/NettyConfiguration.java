package dev.gatewise.gateway.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The event loops all listeners share: one acceptor thread, and one I/O thread per core. */
@Configuration(proxyBeanMethods = false)
public class NettyConfiguration {
    @Bean(destroyMethod = "shutdownGracefully")
    @Qualifier("boss")
    public EventLoopGroup bossGroup() {
        return new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("netty-accept"), NioIoHandler.newFactory());
    }

    @Bean(destroyMethod = "shutdownGracefully")
    @Qualifier("io")
    public EventLoopGroup ioGroup() {
        return new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("netty-io"), NioIoHandler.newFactory());
    }
}
