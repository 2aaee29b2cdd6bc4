package dev.gatewise.media.rtmp;

import java.time.Duration;

/**
 * Settings of the RTMP relay, with the defaults a single node runs on. A JavaBean so the gateway can bind it from
 * configuration.
 */
public class RtmpSettings {
    /** Address the RTMP listener binds. */
    private String host = "0.0.0.0";
    /** RTMP's registered port; 0 picks a free port. */
    private int port = 1935;
    /**
     * Largest chunk size a peer may announce. The protocol allows 2^31-1, but nothing real uses more than a few
     * kilobytes, and a huge one only serves to make us wait on a single chunk.
     */
    private int maxChunkSize = 16 * 1024 * 1024;
    /**
     * Largest message accepted. A 1080p keyframe at a generous bitrate is about 1 MiB; 4 MiB leaves room for 4K
     * keyframes while bounding what one chunk stream can make us hold.
     */
    private int maxMessageLength = 4 * 1024 * 1024;
    /** Chunk streams one connection may use; ffmpeg and OBS use fewer than ten. */
    private int maxChunkStreams = 32;
    /** Time a new connection has to complete the handshake. */
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    /** A connection that is not playing and sends nothing for this long is closed (players only receive). */
    private Duration idleTimeout = Duration.ofSeconds(30);
    /** Streams published at once on this node. */
    private int maxStreams = 100;
    /** Open RTMP connections on this node. */
    private int maxConnections = 2000;
    /** Open RTMP connections from one IP address. */
    private int maxConnectionsPerAddress = 50;
    /** Players of one stream over RTMP. */
    private int maxPlayersPerStream = 100;
    /**
     * Bytes queued for a player before it counts as falling behind; it then skips to the next keyframe instead of
     * being buffered without bound.
     */
    private int playerHighWatermark = 2 * 1024 * 1024;
    /** Largest group of pictures kept for players that join, in bytes; a longer one is not kept. */
    private int maxGopCacheBytes = 16 * 1024 * 1024;
    /**
     * A publisher's socket is read once per this interval, not whenever bytes arrive: one wake-up gathers what the
     * encoder wrote chunk by chunk meanwhile (see {@link dev.gatewise.media.rtmp.pacing.ReadPacing}). Adds at most
     * this to the latency, a quarter of a low-latency HLS part; zero reads as bytes arrive.
     */
    private Duration publishReadInterval = Duration.ofMillis(100);

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

    public int getMaxChunkSize() {
        return maxChunkSize;
    }

    public void setMaxChunkSize(int maxChunkSize) {
        this.maxChunkSize = maxChunkSize;
    }

    public int getMaxMessageLength() {
        return maxMessageLength;
    }

    public void setMaxMessageLength(int maxMessageLength) {
        this.maxMessageLength = maxMessageLength;
    }

    public int getMaxChunkStreams() {
        return maxChunkStreams;
    }

    public void setMaxChunkStreams(int maxChunkStreams) {
        this.maxChunkStreams = maxChunkStreams;
    }

    public Duration getHandshakeTimeout() {
        return handshakeTimeout;
    }

    public void setHandshakeTimeout(Duration handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public int getMaxStreams() {
        return maxStreams;
    }

    public void setMaxStreams(int maxStreams) {
        this.maxStreams = maxStreams;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public int getMaxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    public void setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
        this.maxConnectionsPerAddress = maxConnectionsPerAddress;
    }

    public int getMaxPlayersPerStream() {
        return maxPlayersPerStream;
    }

    public void setMaxPlayersPerStream(int maxPlayersPerStream) {
        this.maxPlayersPerStream = maxPlayersPerStream;
    }

    public int getPlayerHighWatermark() {
        return playerHighWatermark;
    }

    public void setPlayerHighWatermark(int playerHighWatermark) {
        this.playerHighWatermark = playerHighWatermark;
    }

    public int getMaxGopCacheBytes() {
        return maxGopCacheBytes;
    }

    public void setMaxGopCacheBytes(int maxGopCacheBytes) {
        this.maxGopCacheBytes = maxGopCacheBytes;
    }

    public Duration getPublishReadInterval() {
        return publishReadInterval;
    }

    public void setPublishReadInterval(Duration publishReadInterval) {
        this.publishReadInterval = publishReadInterval;
    }
}
