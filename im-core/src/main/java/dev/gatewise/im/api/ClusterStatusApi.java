package dev.gatewise.im.api;

import dev.gatewise.im.http.ApiException;
import dev.gatewise.im.http.ApiResponse;
import dev.gatewise.im.http.BlockingApi;
import dev.gatewise.im.http.WholeRequestRoute;
import dev.gatewise.im.session.BearerToken;
import dev.gatewise.im.session.TokenService;
import dev.gatewise.im.store.NodeStore;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Monitoring, as the seeds' monitor process did: {@code GET /api/cluster} lists the nodes with their
 * connections, message rates and last heartbeat. Administrators only.
 */
public final class ClusterStatusApi implements WholeRequestRoute {
    private final NodeStore nodes;
    private final TokenService tokens;
    private final BlockingApi blocking;
    private final Duration window;
    private final List<String> admins;

    /** @param window how far back a node's last heartbeat may be to be listed */
    public ClusterStatusApi(NodeStore nodes, TokenService tokens, BlockingApi blocking, Duration window,
                            List<String> admins) {
        this.nodes = nodes;
        this.tokens = tokens;
        this.blocking = blocking;
        this.window = window;
        this.admins = List.copyOf(admins);
    }

    @Override
    public String prefix() {
        return "/api/cluster";
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest whole) {
        blocking.get(ctx, whole, request -> {
            String user = BearerToken.user(request, tokens);
            if (!admins.contains(user)) {
                throw new ApiException(HttpResponseStatus.FORBIDDEN, "forbidden",
                        "only administrators (gateway.chat.admins) see the cluster");
            }
            return ApiResponse.ok(Map.of("nodes", nodes.live(window)));
        });
    }
}
