package dev.gatewise.gateway.chat;

import dev.gatewise.im.ChatNode;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** Up while the chat engine runs; reports its connections and listener. */
public class ChatHealthIndicator implements HealthIndicator {
    private final ChatNode node;

    public ChatHealthIndicator(ChatNode node) {
        this.node = node;
    }

    @Override
    public Health health() {
        return Health.up()
                .withDetail("connections", node.connections().size())
                .withDetail("tcpPort", node.tcpPort())
                .build();
    }
}
