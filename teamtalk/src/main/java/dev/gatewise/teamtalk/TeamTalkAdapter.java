package dev.gatewise.teamtalk;

import dev.gatewise.access.Protocol;
import dev.gatewise.im.ChatServices;
import dev.gatewise.http.BlockingApi;
import dev.gatewise.http.Route;
import dev.gatewise.files.FileService;
import dev.gatewise.teamtalk.content.MessageText;
import dev.gatewise.teamtalk.content.TeamTalkAudio;
import dev.gatewise.teamtalk.ids.NumericIds;
import dev.gatewise.teamtalk.login.Md5Credentials;
import dev.gatewise.teamtalk.login.MsgServerRoute;
import dev.gatewise.teamtalk.server.TeamTalkPipeline;
import dev.gatewise.teamtalk.server.TeamTalkServer;
import dev.gatewise.teamtalk.session.Conversations;
import dev.gatewise.teamtalk.session.Directory;
import dev.gatewise.teamtalk.session.Sessions;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * TeamTalk's clients in front of one node's chat engine: the listener (TCP and WebSocket on one port), the MD5
 * credentials kept beside the accounts, the numeric ids, and {@code /msg_server} for the HTTP port.
 */
public final class TeamTalkAdapter implements AutoCloseable {
    /** Key-value namespaces of the chat store (embedded or Redis, so a cluster shares them). */
    static final String IDS = "teamtalk.ids";
    static final String CREDENTIALS = "teamtalk.credentials";
    static final String LISTENERS = "teamtalk.listeners";

    /** Header and protobuf fields around an audio message's data, with room to spare. */
    private static final int PACKET_OVERHEAD = 256;

    private final TeamTalkServer server;
    private final List<Route> routes;

    /** With file links that need a token to open and no audio (for a node without the file service). */
    public TeamTalkAdapter(ChatServices chat, TeamTalkSettings settings, EventLoopGroup boss, EventLoopGroup io) {
        this(chat, settings, id -> "/files/" + id, null, boss, io);
    }

    /**
     * @param downloadPaths a file id to the path that downloads it without a token (a signed URL)
     * @param files this node's file service (audio messages become voice clips), or null when it has none
     */
    public TeamTalkAdapter(ChatServices chat, TeamTalkSettings settings, UnaryOperator<String> downloadPaths,
                           FileService files, EventLoopGroup boss, EventLoopGroup io) {
        var ids = chat.stores().keyValue(IDS);
        var directory = new Directory(new NumericIds(ids, "u"), new NumericIds(ids, "g"));
        var credentials = new Md5Credentials(chat.stores().keyValue(CREDENTIALS));
        chat.accounts().addPasswordListener(credentials);
        chat.access().verifyPasswordsOf(Protocol.TEAMTALK, credentials);
        var conversations = new Conversations(directory, new MessageText(settings.getFilesBaseUrl(), downloadPaths),
                new TeamTalkAudio(files, settings.getMaxPacketBytes() - PACKET_OVERHEAD));
        var sessions = new Sessions(chat, settings, directory, conversations);
        var pipeline = new TeamTalkPipeline(settings, chat, sessions::newSession, sessions::translator);
        this.server = new TeamTalkServer(settings.getHost(), settings.getPort(),
                chat.settings().getOutboundHighWaterMark(), pipeline, chat.metrics(), boss, io);
        var listeners = chat.stores().keyValue(LISTENERS);
        MsgServerRoute.announce(listeners, chat.nodeId(), chat.settings().getAdvertisedHost(),
                settings.getAdvertisedPort() != 0 ? settings.getAdvertisedPort() : server.port());
        this.routes = new MsgServerRoute(chat.stores().nodes(), listeners, new BlockingApi(chat.workers()),
                chat.settings().getNodeTtl(), settings.getFilesBaseUrl()).routes();
    }

    public int port() {
        return server.port();
    }

    /** {@code /msg_server}, to mount on the HTTP port. */
    public List<Route> httpRoutes() {
        return routes;
    }

    @Override
    public void close() {
        server.close();
    }
}
