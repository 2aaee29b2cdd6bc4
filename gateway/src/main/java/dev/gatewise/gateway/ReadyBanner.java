package dev.gatewise.gateway;

import dev.gatewise.im.ChatNode;
import dev.gatewise.http.HttpServer;
import dev.gatewise.teamtalk.TeamTalkAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells the operator, once everything listens, where to point clients. */
@Component
class ReadyBanner {
    private static final Logger log = LoggerFactory.getLogger(ReadyBanner.class);

    private final HttpServer http;
    private final ObjectProvider<ChatNode> chat;
    private final ObjectProvider<TeamTalkAdapter> teamTalk;
    private final GatewayProperties properties;

    ReadyBanner(HttpServer http, ObjectProvider<ChatNode> chat, ObjectProvider<TeamTalkAdapter> teamTalk,
                GatewayProperties properties) {
        this.http = http;
        this.chat = chat;
        this.teamTalk = teamTalk;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        String base = "http://localhost:" + http.port();
        var lines = new StringBuilder("Gatewise ready (node ").append(properties.getNodeId()).append(", data in ")
                .append(properties.getDataDir().toAbsolutePath()).append(")\n");
        lines.append("  Web client    ").append(base).append("/\n");
        ChatNode node = chat.getIfAvailable();
        if (node != null) {
            lines.append("  REST API      ").append(base).append("/api\n");
            lines.append("  WebSocket     ws://localhost:").append(http.port()).append("/ws\n");
            lines.append("  Chat TCP      localhost:").append(node.tcpPort()).append('\n');
        }
        TeamTalkAdapter tt = teamTalk.getIfAvailable();
        if (tt != null) {
            lines.append("  TeamTalk      localhost:").append(tt.port()).append(" (TCP and WebSocket; login server ")
                    .append(base).append("/msg_server)\n");
        }
        lines.append("  Health        ").append(base).append("/actuator/health\n");
        lines.append("  Metrics       ").append(base).append("/actuator/prometheus");
        log.info(lines.toString());
    }
}
