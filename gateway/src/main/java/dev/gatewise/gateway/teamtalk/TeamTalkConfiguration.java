package dev.gatewise.gateway.teamtalk;

import dev.gatewise.files.FileService;
import dev.gatewise.gateway.GatewayProperties;
import dev.gatewise.gateway.http.RouteSource;
import dev.gatewise.im.ChatNode;
import dev.gatewise.im.store.ChatStores;
import dev.gatewise.teamtalk.TeamTalkAdapter;
import io.netty.channel.EventLoopGroup;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** TeamTalk's clients on the chat role's engine: the listener on {@code gateway.teamtalk.port}, and /msg_server. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("${gateway.roles.chat:true} and ${gateway.teamtalk.enabled:true}")
public class TeamTalkConfiguration {
    @Bean(destroyMethod = "close")
    public TeamTalkAdapter teamTalk(GatewayProperties properties, ChatNode node, ChatStores stores,
                                    ObjectProvider<FileService> files,
                                    @Qualifier("boss") EventLoopGroup boss, @Qualifier("io") EventLoopGroup io) {
        var settings = properties.getTeamtalk();
        if (settings.getFilesBaseUrl().isBlank()) {
            // Unset: this node's own HTTP port under its advertised name (set it behind nginx).
            settings.setFilesBaseUrl("http://" + properties.getChat().getAdvertisedHost() + ":"
                    + properties.getHttp().getPort());
        }
        // TeamTalk's apps fetch an image by its URL without a token: they get signed ones (a file's links go only
        // to the members of the conversation it was shared in, who may read it).
        // Audio messages need the file service; without the files role on this node they are dropped.
        return new TeamTalkAdapter(node.services(), settings,
                FileService.signedDownloadPaths(stores, properties.getFiles().getSignedUrlTtl()),
                files.getIfAvailable(), boss, io);
    }

    @Bean
    public RouteSource teamTalkRoutes(TeamTalkAdapter teamTalk) {
        return teamTalk::httpRoutes;
    }
}
