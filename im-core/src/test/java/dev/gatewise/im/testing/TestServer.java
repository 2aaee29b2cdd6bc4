package dev.gatewise.im.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.ChatNode;
import dev.gatewise.im.config.ChatSettings;
import dev.gatewise.im.access.StoreAccessCheck;
import dev.gatewise.http.Route;
import dev.gatewise.http.HttpServer;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.store.ChatStores;
import dev.gatewise.im.store.embedded.EmbeddedStores;
import dev.gatewise.im.store.redis.RedisStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A whole chat node on loopback ports: real sockets, nothing mocked. Its store is the embedded one in a
 * temporary directory, or, when the system property {@code gatewise.test.store} is {@code redis}, a
 * real redis-server shared by the test JVM — so one suite covers both stores. Tests talk to it with
 * {@link TcpChatClient}, {@link WsChatClient} and {@link #api}.
 */
public final class TestServer implements AutoCloseable {
    private static final AtomicInteger USERS = new AtomicInteger();
    private static final AtomicInteger NODES = new AtomicInteger();

    private final Path dataDir;
    private final boolean ownsDataDir;
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final ChatStores stores;
    private final ChatNode node;
    private final String nodeId;
    private final HttpServer http;
    private final HttpClient httpClient = HttpClient.newHttpClient();

    public TestServer() throws IOException {
        this(settings -> {});
    }

    public TestServer(Consumer<ChatSettings> customize) throws IOException {
        this(customize, usesRedis() ? RedisServer.shared().uri() : null);
    }

    /** A node on the given Redis server (null: on a fresh embedded store). */
    public TestServer(Consumer<ChatSettings> customize, String redisUri) throws IOException {
        this(customize, redisUri, null, (node, stores, dir) -> List.of());
    }

    /**
     * A node with another module's routes beside chat's, keeping its data in {@code dataDir} (null: a temporary
     * directory deleted at close; given: kept, so a second server on it is a restart of the first).
     */
    public TestServer(Consumer<ChatSettings> customize, Path dataDir, Module module) throws IOException {
        this(customize, usesRedis() ? RedisServer.shared().uri() : null, dataDir, module);
    }

    /** A node on the given Redis server (null: the store {@link #usesRedis} chooses) with another module's routes. */
    public TestServer(Consumer<ChatSettings> customize, String redisUri, Module module) throws IOException {
        this(customize, redisUri != null ? redisUri : usesRedis() ? RedisServer.shared().uri() : null, null, module);
    }

    private TestServer(Consumer<ChatSettings> customize, String redisUri, Path dataDir, Module module)
            throws IOException {
        var settings = new ChatSettings();
        settings.setHost("127.0.0.1");
        settings.setTcpPort(0);
        customize.accept(settings);
        this.ownsDataDir = dataDir == null;
        this.dataDir = dataDir != null ? Files.createDirectories(dataDir) : Files.createTempDirectory("gatewise-test");
        stores = redisUri != null ? new RedisStores(redisUri, settings.getNodeTtl(), 64)
                : new EmbeddedStores(this.dataDir, false);
        nodeId = "test-node-" + NODES.incrementAndGet();
        node = new ChatNode(settings, stores, new StoreAccessCheck(stores, settings), new SimpleMeterRegistry(),
                boss, workers, nodeId);
        var routes = new ArrayList<>(node.httpRoutes());
        routes.addAll(module.routes(node, stores, this.dataDir));
        http = new HttpServer("127.0.0.1", 0, HttpServer.HttpSettings.defaults(), routes, boss, workers);
        node.joinCluster(http.port());
    }

    /** Another part of the product mounted on the node's HTTP port (the file service, for one). */
    @FunctionalInterface
    public interface Module {
        List<Route> routes(ChatNode node, ChatStores stores, Path dataDir) throws IOException;
    }

    /** Whether this test run uses the Redis store (see the class comment). */
    public static boolean usesRedis() {
        return "redis".equals(System.getProperty("gatewise.test.store"));
    }

    public int tcpPort() {
        return node.tcpPort();
    }

    public int httpPort() {
        return http.port();
    }

    public ChatNode node() {
        return node;
    }

    public String nodeId() {
        return nodeId;
    }

    public ChatStores stores() {
        return stores;
    }

    public TcpChatClient tcp() throws IOException {
        return new TcpChatClient("127.0.0.1", tcpPort());
    }

    public WsChatClient ws() {
        return new WsChatClient(URI.create("ws://127.0.0.1:" + httpPort() + "/ws"));
    }

    /** Registers a user with a fresh name starting with {@code prefix} and logs in; returns name and token. */
    public User user(String prefix) {
        String name = prefix + USERS.incrementAndGet();
        var created = api("POST", "/api/users", Map.of("username", name, "password", "secret-pass"), null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        var login = api("POST", "/api/sessions", Map.of("username", name, "password", "secret-pass"), null);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        return new User(name, json(login.body()).get("token").asText());
    }

    /** A TCP client of a new user, already authenticated. */
    public TcpChatClient tcpAs(User user, String device) throws IOException {
        var client = tcp();
        client.auth(user.token(), device);
        return client;
    }

    public WsChatClient wsAs(User user, String device) {
        var client = ws();
        client.auth(user.token(), device);
        return client;
    }

    public HttpResponse<String> api(String method, String path, Object body, String token) {
        try {
            var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s
                                    : FrameJson.MAPPER.writeValueAsString(body)))
                    .header("Content-Type", "application/json");
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            return httpClient.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String text) {
        try {
            return FrameJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
        node.close();
        stores.close();
        boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        if (ownsDataDir) {
            TempDirs.delete(dataDir);
        }
    }

    public record User(String name, String token) {}
}
