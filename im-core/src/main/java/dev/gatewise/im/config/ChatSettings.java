package dev.gatewise.im.config;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the chat engine, with the defaults a single node runs on. A JavaBean so the gateway can
 * bind it from configuration ({@code gateway.chat.*}).
 */
public class ChatSettings {
    /** Address the chat TCP listener binds. */
    private String host = "0.0.0.0";
    /** Chat over raw TCP (length-prefixed JSON); 0 picks a free port. */
    private int tcpPort = 9000;
    /** Largest frame accepted, in bytes, on TCP and WebSocket alike. */
    private int maxFrameBytes = 64 * 1024;
    /** A connection that sends nothing (not even a ping) for this long is closed. */
    private Duration idleTimeout = Duration.ofSeconds(90);
    /** How often clients are told to ping; well under the idle timeout. */
    private Duration heartbeatInterval = Duration.ofSeconds(30);
    /** Time a new connection has to send its auth frame. */
    private Duration authTimeout = Duration.ofSeconds(10);
    /** Sustained frames per second a connection may send. */
    private int rateLimitPerSecond = 100;
    /** Frames a connection may send in a burst above the sustained rate. */
    private int rateLimitBurst = 200;
    /** Undecodable frames after which a connection is closed. */
    private int maxBadFrames = 10;
    /** The count of undecodable frames drops by one this often (bursts close, a rare slip never adds up). */
    private Duration badFrameDecay = Duration.ofSeconds(6);
    /** Outbound bytes queued for a connection before pushes to it stop. */
    private int outboundHighWaterMark = 1024 * 1024;
    /** How long a connection may keep its outbound buffer full before it is cut off. */
    private Duration slowConsumerTimeout = Duration.ofSeconds(15);
    /** Threads that run store calls for connections (each connection is served in order by one of them). */
    private int workerThreads = 32;
    /** Lifetime of a login token. */
    private Duration tokenTtl = Duration.ofDays(7);
    /** Failed logins to one account (from anywhere) in a window before it is throttled for the rest of it. */
    private int loginFailuresPerAccount = 10;
    /** Failed logins from one client address (to any account) in a window before it is throttled. */
    private int loginFailuresPerAddress = 30;
    /** The window of login failures: it opens with the first failure. */
    private Duration loginThrottleWindow = Duration.ofMinutes(5);
    /**
     * Peers whose {@code X-Real-IP} (else the last {@code X-Forwarded-For} hop) names the client, for throttling
     * logins per address behind a proxy (nginx on the same machine, by default).
     */
    private List<String> trustedProxies = List.of("127.0.0.1", "::1");
    /** Largest group. */
    private int maxGroupMembers = 2000;
    /** Most users one connection may watch for presence. */
    private int maxPresenceWatches = 1000;
    /** The host name clients use to reach this node, reported for server assignment. */
    private String advertisedHost = "localhost";
    /** How often this node reports itself to the node table. */
    private Duration nodeHeartbeat = Duration.ofSeconds(2);
    /** A node silent this long is taken for dead: its routes are dropped and its users go offline. */
    private Duration nodeTtl = Duration.ofSeconds(10);
    /** Users who may see the cluster's state at {@code GET /api/cluster}. */
    private List<String> admins = new java.util.ArrayList<>();

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getTcpPort() {
        return tcpPort;
    }

    public void setTcpPort(int tcpPort) {
        this.tcpPort = tcpPort;
    }

    public int getMaxFrameBytes() {
        return maxFrameBytes;
    }

    public void setMaxFrameBytes(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    public Duration getAuthTimeout() {
        return authTimeout;
    }

    public void setAuthTimeout(Duration authTimeout) {
        this.authTimeout = authTimeout;
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

    public int getMaxBadFrames() {
        return maxBadFrames;
    }

    public void setMaxBadFrames(int maxBadFrames) {
        this.maxBadFrames = maxBadFrames;
    }

    public Duration getBadFrameDecay() {
        return badFrameDecay;
    }

    public void setBadFrameDecay(Duration badFrameDecay) {
        this.badFrameDecay = badFrameDecay;
    }

    public int getOutboundHighWaterMark() {
        return outboundHighWaterMark;
    }

    public void setOutboundHighWaterMark(int outboundHighWaterMark) {
        this.outboundHighWaterMark = outboundHighWaterMark;
    }

    public Duration getSlowConsumerTimeout() {
        return slowConsumerTimeout;
    }

    public void setSlowConsumerTimeout(Duration slowConsumerTimeout) {
        this.slowConsumerTimeout = slowConsumerTimeout;
    }

    public int getWorkerThreads() {
        return workerThreads;
    }

    public void setWorkerThreads(int workerThreads) {
        this.workerThreads = workerThreads;
    }

    public Duration getTokenTtl() {
        return tokenTtl;
    }

    public void setTokenTtl(Duration tokenTtl) {
        this.tokenTtl = tokenTtl;
    }

    public int getLoginFailuresPerAccount() {
        return loginFailuresPerAccount;
    }

    public void setLoginFailuresPerAccount(int loginFailuresPerAccount) {
        this.loginFailuresPerAccount = loginFailuresPerAccount;
    }

    public int getLoginFailuresPerAddress() {
        return loginFailuresPerAddress;
    }

    public void setLoginFailuresPerAddress(int loginFailuresPerAddress) {
        this.loginFailuresPerAddress = loginFailuresPerAddress;
    }

    public Duration getLoginThrottleWindow() {
        return loginThrottleWindow;
    }

    public void setLoginThrottleWindow(Duration loginThrottleWindow) {
        this.loginThrottleWindow = loginThrottleWindow;
    }

    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public int getMaxGroupMembers() {
        return maxGroupMembers;
    }

    public void setMaxGroupMembers(int maxGroupMembers) {
        this.maxGroupMembers = maxGroupMembers;
    }

    public int getMaxPresenceWatches() {
        return maxPresenceWatches;
    }

    public void setMaxPresenceWatches(int maxPresenceWatches) {
        this.maxPresenceWatches = maxPresenceWatches;
    }

    public String getAdvertisedHost() {
        return advertisedHost;
    }

    public void setAdvertisedHost(String advertisedHost) {
        this.advertisedHost = advertisedHost;
    }

    public Duration getNodeHeartbeat() {
        return nodeHeartbeat;
    }

    public void setNodeHeartbeat(Duration nodeHeartbeat) {
        this.nodeHeartbeat = nodeHeartbeat;
    }

    public Duration getNodeTtl() {
        return nodeTtl;
    }

    public void setNodeTtl(Duration nodeTtl) {
        this.nodeTtl = nodeTtl;
    }

    public List<String> getAdmins() {
        return admins;
    }

    public void setAdmins(List<String> admins) {
        this.admins = admins;
    }
}
