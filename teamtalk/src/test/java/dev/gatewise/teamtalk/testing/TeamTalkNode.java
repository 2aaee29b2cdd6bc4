package dev.gatewise.teamtalk.testing;

import dev.gatewise.files.FileService;
import dev.gatewise.files.FileSettings;
import dev.gatewise.im.config.ChatSettings;
import dev.gatewise.im.testing.TestServer;
import dev.gatewise.teamtalk.TeamTalkAdapter;
import dev.gatewise.teamtalk.TeamTalkSettings;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A whole chat node (see {@link TestServer}) with the TeamTalk listener on a free loopback port beside it. */
public final class TeamTalkNode implements AutoCloseable {
    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private TeamTalkAdapter adapter;
    private FileService files;
    private final TestServer server;

    public TeamTalkNode() throws IOException {
        this(chat -> {}, tt -> {}, null);
    }

    /** @param redisUri a Redis server to share with other nodes, or null for the store the test run chooses */
    public TeamTalkNode(Consumer<ChatSettings> chat, Consumer<TeamTalkSettings> customize, String redisUri)
            throws IOException {
        this(customize, module -> new TestServer(chat, redisUri, module));
    }

    /** A node keeping its data in {@code dataDir}: a second one on the same directory is a restart of the first. */
    public static TeamTalkNode onData(Path dataDir) throws IOException {
        return new TeamTalkNode(tt -> {}, module -> new TestServer(chat -> {}, dataDir, module));
    }

    private interface Servers {
        TestServer start(TestServer.Module module) throws IOException;
    }

    private TeamTalkNode(Consumer<TeamTalkSettings> customize, Servers servers) throws IOException {
        var settings = new TeamTalkSettings();
        settings.setHost("127.0.0.1");
        settings.setPort(0);
        customize.accept(settings);
        server = servers.start((node, stores, dir) -> {
            var fileSettings = new FileSettings();
            fileSettings.setDirectory(dir.resolve("files").toString());
            files = new FileService(fileSettings, stores, node.access(), new SimpleMeterRegistry());
            FileService.messagePolicies(stores, node.access()).forEach(node::registerKind);
            adapter = new TeamTalkAdapter(node.services(), settings,
                    FileService.signedDownloadPaths(stores, fileSettings.getSignedUrlTtl()), files, loops, loops);
            var routes = new ArrayList<>(adapter.httpRoutes());
            routes.addAll(files.routes());
            return routes;
        });
    }

    public TestServer chat() {
        return server;
    }

    public int port() {
        return adapter.port();
    }

    public TeamTalkClient tcp() throws IOException {
        return TeamTalkClient.tcp(port());
    }

    public TeamTalkClient webSocket() {
        return TeamTalkClient.webSocket(port(), "/");
    }

    @Override
    public void close() {
        adapter.close();
        server.close();
        files.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
