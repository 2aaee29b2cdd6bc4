package dev.gatewise.gateway.teamtalk;

import dev.gatewise.gateway.GatewayProperties;
import dev.gatewise.gateway.http.RouteSource;
import dev.gatewise.im.ChatNode;
import dev.gatewise.teamtalk.TeamTalkAdapter;
import io.netty.channel.EventLoopGroup;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** TeamTalk's clients on the chat role's engine: the listener on {@code gateway.teamtalk.port}, and /msg_server. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("${gateway.roles.chat:true} and ${gateway.teamtalk.enabled:true}")
public class TeamTalkConfiguration {
    @Bean(destroyMethod = "close")
    public TeamTalkAdapter teamTalk(GatewayProperties properties, ChatNode node,
                                    @Qualifier("boss") EventLoopGroup boss, @Qualifier("io") EventLoopGroup io) {
        return new TeamTalkAdapter(node.services(), properties.getTeamtalk(), boss, io);
    }

    @Bean
    public RouteSource teamTalkRoutes(TeamTalkAdapter teamTalk) {
        return teamTalk::httpRoutes;
    }
}
