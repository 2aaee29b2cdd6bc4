package dev.gatewise.im;

import dev.gatewise.im.config.ChatSettings;
import dev.gatewise.im.access.StoreAccessCheck;
import dev.gatewise.im.api.AccountApi;
import dev.gatewise.im.api.NodesApi;
import dev.gatewise.im.cluster.ClusterMonitor;
import dev.gatewise.im.cluster.NoticeHandler;
import dev.gatewise.im.delivery.ConversationAccess;
import dev.gatewise.im.delivery.ConversationListService;
import dev.gatewise.im.delivery.Fanout;
import dev.gatewise.im.delivery.LocalFanout;
import dev.gatewise.im.delivery.MessageKindPolicy;
import dev.gatewise.im.delivery.MessagingService;
import dev.gatewise.im.message.Message;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.delivery.ReceiptService;
import dev.gatewise.im.delivery.RoutedFanout;
import dev.gatewise.im.delivery.TypingRelay;
import dev.gatewise.im.group.GroupService;
import dev.gatewise.http.BlockingApi;
import dev.gatewise.http.ClientAddress;
import dev.gatewise.http.Route;
import dev.gatewise.http.Routes;
import dev.gatewise.im.metrics.ChatMetrics;
import dev.gatewise.im.presence.PresenceService;
import dev.gatewise.im.protocol.ClientFrame;
import dev.gatewise.im.session.ConnectionRegistry;
import dev.gatewise.im.store.ChatStores;
import dev.gatewise.im.transport.ChatPipeline;
import dev.gatewise.im.transport.FrameHandlers;
import dev.gatewise.im.transport.TcpChatServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The chat engine of one node, wired together: stores → services → frame handlers → TCP listener
 * and the HTTP routes ({@code /api}, {@code /ws}) for the shared HTTP server.
 */
public final class ChatNode implements AutoCloseable {
    private final StoreAccessCheck access;
    private final ConnectionRegistry connections = new ConnectionRegistry();
    private final DefaultEventExecutorGroup workers;
    private final ThreadPoolExecutor apiExecutor;
    private final TcpChatServer tcp;
    private final List<Route> routes;
    private final MessagingService messaging;
    private final PresenceService presence;
    private final ChatSettings settings;
    private final ChatStores stores;
    private final ChatMetrics metrics;
    private final String nodeId;
    private final ChatServices services;
    private final FrameHandlers handlers;
    private final Fanout fanout;
    private ClusterMonitor monitor;

    /** @param access the access check over {@code stores}, with the process's one token service */
    public ChatNode(ChatSettings settings, ChatStores stores, StoreAccessCheck access, MeterRegistry registry,
                    EventLoopGroup boss, EventLoopGroup ioWorkers, String nodeId) {
        this.settings = settings;
        this.stores = stores;
        this.nodeId = nodeId;
        this.metrics = new ChatMetrics(registry);
        this.access = access;
        var accounts = access.accounts();
        var local = new LocalFanout(connections, metrics);
        this.fanout = new RoutedFanout(local, stores.routes(), stores.bus(), nodeId);
        var members = new ConversationAccess(stores.groups());
        this.presence = new PresenceService(connections, stores.routes(), stores.bus(), nodeId,
                settings.getMaxPresenceWatches());
        stores.bus().subscribe(nodeId, new NoticeHandler(local, presence, access.tokens().watches()));
        this.messaging = new MessagingService(stores, accounts, members, fanout, metrics);
        var receipts = new ReceiptService(stores.cursors(), stores.messages(), members, fanout);
        var conversations = new ConversationListService(stores.messages(), stores.cursors(), stores.groups());
        var groups = new GroupService(stores.groups(), accounts, messaging, settings.getMaxGroupMembers());
        this.handlers = new FrameHandlers(messaging, receipts, conversations, presence,
                new TypingRelay(members, accounts, fanout), groups);
        this.workers = new DefaultEventExecutorGroup(settings.getWorkerThreads(), new DefaultThreadFactory("chat-worker"));
        this.services = new ChatServices(nodeId, settings, stores, metrics, connections, workers, access, accounts,
                messaging, receipts, conversations, groups, presence);
        var chat = new ChatPipeline(settings, metrics, access, presence, handlers, workers);
        int apiThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.apiExecutor = new ThreadPoolExecutor(apiThreads, apiThreads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1000), new DefaultThreadFactory("chat-api"));
        var blocking = new BlockingApi(apiExecutor);
        var routes = new ArrayList<>(new AccountApi(accounts, access.tokens(), access, blocking,
                new ClientAddress(settings.getTrustedProxies()), settings.getAdmins()).routes());
        routes.addAll(new NodesApi(stores.nodes(), access, settings.getNodeTtl(),
                settings.getNodeTtl().multipliedBy(30), settings.getAdmins()).routes(blocking));
        routes.addAll(new Routes().any(ChatPipeline.WEBSOCKET_PATH + "/**", chat::webSocket).list());
        this.routes = List.copyOf(routes);
        this.tcp = new TcpChatServer(chat, boss, ioWorkers);
    }

    /**
     * Starts reporting this node to the node table (for {@code /api/endpoints} and, in a cluster, for
     * the other nodes); call once the HTTP port listens.
     */
    public synchronized void joinCluster(int httpPort) {
        if (monitor == null) {
            String host = settings.getAdvertisedHost();
            monitor = new ClusterMonitor(stores.nodes(), presence, connections, metrics, nodeId,
                    host + ":" + tcp.port(), "ws://" + host + ":" + httpPort + ChatPipeline.WEBSOCKET_PATH, settings.getNodeHeartbeat(),
                    settings.getNodeTtl());
            monitor.start();
        }
    }

    /** Who may do what, for every protocol: the media relay and the file service ask it too. */
    public StoreAccessCheck access() {
        return access;
    }

    /** Lets another module own a message kind (see {@link MessageKindPolicy}). */
    public void registerKind(String kind, MessageKindPolicy policy) {
        messaging.registerKind(kind, policy);
    }

    /**
     * Sends a message of a module's own kind as {@code user} to a user ({@code to}) or a group: the conversation's
     * rules apply (throws {@link dev.gatewise.im.protocol.ProtocolException} if the user may not write there), the
     * kind's policy does not (the module posting is that policy). Blocking.
     */
    public Message postAs(String user, String to, String group, String kind, JsonNode content) {
        return messaging.postAs(user, to, group, kind, content);
    }

    /** Lets another module handle a frame type of the protocol (calls handle {@code call}); call while wiring. */
    public <F extends ClientFrame> void handleFrames(Class<F> type, FrameHandlers.Handler<F> handler) {
        handlers.register(type, handler);
    }

    /** Pushes to users' or one device's connections, on this node or any other. */
    public Fanout fanout() {
        return fanout;
    }

    /** The engine's services, for another protocol's adapter (TeamTalk) to translate to. */
    public ChatServices services() {
        return services;
    }

    public ConnectionRegistry connections() {
        return connections;
    }

    /** {@code /api} and {@code /ws}, to mount on the HTTP server. */
    public List<Route> httpRoutes() {
        return routes;
    }

    public int tcpPort() {
        return tcp.port();
    }

    @Override
    public synchronized void close() {
        if (monitor != null) {
            monitor.close();
        }
        tcp.close();
        apiExecutor.shutdown();
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
