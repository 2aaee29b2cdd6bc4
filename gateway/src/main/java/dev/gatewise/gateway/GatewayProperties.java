package dev.gatewise.gateway;

import dev.gatewise.calls.CallSettings;
import dev.gatewise.files.FileSettings;
import dev.gatewise.hls.HlsSettings;
import dev.gatewise.im.config.ChatSettings;
import dev.gatewise.media.rtmp.RtmpSettings;
import dev.gatewise.teamtalk.TeamTalkSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/** Everything an operator sets, under {@code gateway.*} (see application.yml for the defaults). */
@ConfigurationProperties("gateway")
public class GatewayProperties {
    /** Where the embedded store (and later files and HLS) keep their data. */
    private Path dataDir = Path.of("data");
    /** This node's name in logs, metrics and (in a cluster) routes; defaults to the host name. */
    private String nodeId = defaultNodeId();
    private final Roles roles = new Roles();
    private final Http http = new Http();
    private final Store store = new Store();
    @NestedConfigurationProperty
    private final ChatSettings chat = new ChatSettings();
    @NestedConfigurationProperty
    private final FileSettings files = new FileSettings();
    private final Media media = new Media();
    /** TeamTalk's clients: {@code gateway.teamtalk.*}, part of the chat role. */
    @NestedConfigurationProperty
    private final TeamTalkSettings teamtalk = new TeamTalkSettings();
    /** 1:1 calls: {@code gateway.calls.*}, part of the chat role. */
    @NestedConfigurationProperty
    private final CallSettings calls = new CallSettings();

    private static String defaultNodeId() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node";
        }
    }

    public Path getDataDir() {
        return dataDir;
    }

    public void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    public String getNodeId() {
        return nodeId;
    }

    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    public Roles getRoles() {
        return roles;
    }

    public Http getHttp() {
        return http;
    }

    public Store getStore() {
        return store;
    }

    public ChatSettings getChat() {
        return chat;
    }

    public FileSettings getFiles() {
        return files;
    }

    public Media getMedia() {
        return media;
    }

    public TeamTalkSettings getTeamtalk() {
        return teamtalk;
    }

    public CallSettings getCalls() {
        return calls;
    }

    /** The media role: {@code gateway.media.rtmp.*} (the relay) and {@code gateway.media.hls.*} (the packager). */
    public static class Media {
        @NestedConfigurationProperty
        private final RtmpSettings rtmp = new RtmpSettings();
        /** A relative {@code root} is under the data directory. */
        @NestedConfigurationProperty
        private final HlsSettings hls = new HlsSettings();

        public RtmpSettings getRtmp() {
            return rtmp;
        }

        public HlsSettings getHls() {
            return hls;
        }
    }

    /** Which parts run in this process; a cluster may run them on separate nodes. */
    public static class Roles {
        /** Chat: TCP listener, /ws and /api. */
        private boolean chat = true;
        /** Live media: the RTMP relay and the HLS packager, /hls and /api/streams. */
        private boolean media = true;
        /** Files: uploads and downloads under /files. */
        private boolean files = true;

        public boolean isChat() {
            return chat;
        }

        public void setChat(boolean chat) {
            this.chat = chat;
        }

        public boolean isMedia() {
            return media;
        }

        public void setMedia(boolean media) {
            this.media = media;
        }

        public boolean isFiles() {
            return files;
        }

        public void setFiles(boolean files) {
            this.files = files;
        }
    }

    public static class Http {
        private String host = "0.0.0.0";
        private int port = 8080;
        /** Largest request body for non-streaming routes (REST). */
        private DataSize maxBody = DataSize.ofMegabytes(1);
        private DataSize maxHeader = DataSize.ofKilobytes(16);
        /** An HTTP connection with no traffic either way for this long is closed. */
        private Duration idleTimeout = Duration.ofSeconds(60);
        /** A request head (a WebSocket upgrade's too) must arrive whole within this long of its first byte. */
        private Duration requestHeadTimeout = Duration.ofSeconds(10);

        public Duration getRequestHeadTimeout() {
            return requestHeadTimeout;
        }

        public void setRequestHeadTimeout(Duration requestHeadTimeout) {
            this.requestHeadTimeout = requestHeadTimeout;
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

        public DataSize getMaxBody() {
            return maxBody;
        }

        public void setMaxBody(DataSize maxBody) {
            this.maxBody = maxBody;
        }

        public DataSize getMaxHeader() {
            return maxHeader;
        }

        public void setMaxHeader(DataSize maxHeader) {
            this.maxHeader = maxHeader;
        }

        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }
    }

    public static class Store {
        /** {@code embedded} (default: local disk, no setup) or {@code redis} (shared by a cluster). */
        private String type = "embedded";
        /** Embedded store: force every commit to disk, to survive power loss, not just a process crash. */
        private boolean fsync = false;
        /**
         * Redis store: {@code redis://[:password@]host:port[/db]}, {@code rediss://…},
         * {@code redis-sentinel://[:password@]host:port,host:port/MASTER} or
         * {@code redis-cluster://[:password@]host:port,host:port}.
         */
        private String redisUri = "redis://127.0.0.1:6379";
        /** Redis store: connections in the pool. */
        private int redisPoolSize = 64;
        /**
         * Redis store: acknowledge a message only once this many replicas have it (Redis {@code WAIT});
         * 0 (the default) acknowledges once the master has applied it.
         */
        private int redisWaitReplicas = 0;
        /** Redis store: how long to wait for those replicas before telling the sender to retry. */
        private Duration redisWaitTimeout = Duration.ofSeconds(1);

        public int getRedisWaitReplicas() {
            return redisWaitReplicas;
        }

        public void setRedisWaitReplicas(int redisWaitReplicas) {
            this.redisWaitReplicas = redisWaitReplicas;
        }

        public Duration getRedisWaitTimeout() {
            return redisWaitTimeout;
        }

        public void setRedisWaitTimeout(Duration redisWaitTimeout) {
            this.redisWaitTimeout = redisWaitTimeout;
        }

        public String getRedisUri() {
            return redisUri;
        }

        public void setRedisUri(String redisUri) {
            this.redisUri = redisUri;
        }

        public int getRedisPoolSize() {
            return redisPoolSize;
        }

        public void setRedisPoolSize(int redisPoolSize) {
            this.redisPoolSize = redisPoolSize;
        }

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }

        public boolean isFsync() {
            return fsync;
        }

        public void setFsync(boolean fsync) {
            this.fsync = fsync;
        }

        /** Embedded store: messages older than this are deleted, a 64 MiB segment at a time; 0 keeps all. */
        private Duration retention = Duration.ZERO;

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }
    }
}
