package dev.gatewise.im.api;

import dev.gatewise.im.http.ApiException;
import dev.gatewise.im.http.ApiResponse;
import dev.gatewise.im.http.BlockingApi;
import dev.gatewise.im.http.WholeRequestRoute;
import dev.gatewise.im.store.NodeInfo;
import dev.gatewise.im.store.NodeStore;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;

/**
 * Server assignment, as the seeds' login server did: {@code GET /api/endpoints} names the chat
 * addresses (TCP and WebSocket) of the live node with the fewest connections.
 */
public final class EndpointsApi implements WholeRequestRoute {
    private final NodeStore nodes;
    private final BlockingApi blocking;
    private final Duration ttl;

    public EndpointsApi(NodeStore nodes, BlockingApi blocking, Duration ttl) {
        this.nodes = nodes;
        this.blocking = blocking;
        this.ttl = ttl;
    }

    @Override
    public String prefix() {
        return "/api/endpoints";
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest whole) {
        blocking.get(ctx, whole, request -> {
            NodeInfo best = nodes.live(ttl).stream().min(Comparator.comparingInt(NodeInfo::connections))
                    .orElseThrow(() -> new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "no_nodes",
                            "no live chat node"));
            return ApiResponse.ok(Map.of("node", best.node(), "tcp", best.tcp(), "webSocket", best.webSocket()));
        });
    }
}
