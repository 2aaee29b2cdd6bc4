package dev.gatewise.teamtalk;

import java.time.Duration;

/** The TeamTalk listener's settings ({@code gateway.teamtalk.*}); the limits default to the chat ports'. */
public class TeamTalkSettings {
    private boolean enabled = true;
    private String host = "0.0.0.0";
    /** TeamTalk's msg_server port; raw TCP and WebSocket upgrades share it. */
    private int port = 8000;
    /** The port /msg_server names for this node (behind nginx: nginx's); 0: the port it listens on. */
    private int advertisedPort = 0;
    private int maxPacketBytes = 64 * 1024;
    private Duration loginTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofSeconds(90);
    private int rateLimitPerSecond = 100;
    private int rateLimitBurst = 200;
    /** At most this many users in the answer to "all users" (TeamTalk's contact list is the whole directory). */
    private int maxContacts = 2000;
    private int maxRecentSessions = 200;
    /** Where TeamTalk clients fetch files sent in chat (http://host:8080); empty: file messages go as their names. */
    private String filesBaseUrl = "";

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public int getAdvertisedPort() {
        return advertisedPort;
    }

    public void setAdvertisedPort(int advertisedPort) {
        this.advertisedPort = advertisedPort;
    }

    public int getMaxPacketBytes() {
        return maxPacketBytes;
    }

    public void setMaxPacketBytes(int maxPacketBytes) {
        this.maxPacketBytes = maxPacketBytes;
    }

    public Duration getLoginTimeout() {
        return loginTimeout;
    }

    public void setLoginTimeout(Duration loginTimeout) {
        this.loginTimeout = loginTimeout;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public int getRateLimitPerSecond() {
        return rateLimitPerSecond;
    }

    public void setRateLimitPerSecond(int rateLimitPerSecond) {
        this.rateLimitPerSecond = rateLimitPerSecond;
    }

    public int getRateLimitBurst() {
        return rateLimitBurst;
    }

    public void setRateLimitBurst(int rateLimitBurst) {
        this.rateLimitBurst = rateLimitBurst;
    }

    public int getMaxContacts() {
        return maxContacts;
    }

    public void setMaxContacts(int maxContacts) {
        this.maxContacts = maxContacts;
    }

    public int getMaxRecentSessions() {
        return maxRecentSessions;
    }

    public void setMaxRecentSessions(int maxRecentSessions) {
        this.maxRecentSessions = maxRecentSessions;
    }

    public String getFilesBaseUrl() {
        return filesBaseUrl;
    }

    public void setFilesBaseUrl(String filesBaseUrl) {
        this.filesBaseUrl = filesBaseUrl;
    }
}
