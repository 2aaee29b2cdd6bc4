package dev.gatewise.im.api;

import dev.gatewise.access.AccessCheck;
import dev.gatewise.http.ApiException;
import dev.gatewise.http.ApiResponse;
import dev.gatewise.http.BearerToken;
import dev.gatewise.http.BlockingApi;
import dev.gatewise.http.Exchange;
import dev.gatewise.http.Route;
import dev.gatewise.http.Routes;
import dev.gatewise.im.store.NodeInfo;
import dev.gatewise.im.store.NodeStore;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The node table over REST, as the seeds' login server and monitor did: {@code GET /api/endpoints} names the chat
 * addresses (TCP and WebSocket) of the live node with the fewest connections; {@code GET /api/cluster} lists the
 * nodes with their connections, message rates and last heartbeat, for administrators only.
 */
public final class NodesApi {
    private final NodeStore nodes;
    private final AccessCheck access;
    private final Duration ttl;
    private final Duration monitorWindow;
    private final List<String> admins;

    /**
     * @param ttl how far back a node's last heartbeat may be for it to be given out as an endpoint
     * @param monitorWindow how far back it may be for the node to be listed in {@code /api/cluster}
     */
    public NodesApi(NodeStore nodes, AccessCheck access, Duration ttl, Duration monitorWindow, List<String> admins) {
        this.nodes = nodes;
        this.access = access;
        this.ttl = ttl;
        this.monitorWindow = monitorWindow;
        this.admins = List.copyOf(admins);
    }

    public List<Route> routes(BlockingApi blocking) {
        return new Routes()
                .get("/api/endpoints", blocking.json(this::endpoints))
                .get("/api/cluster", blocking.json(this::cluster))
                .list();
    }

    private ApiResponse endpoints(Exchange exchange) {
        NodeInfo best = nodes.live(ttl).stream().min(Comparator.comparingInt(NodeInfo::connections))
                .orElseThrow(() -> new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "no_nodes",
                        "no live chat node"));
        return ApiResponse.ok(Map.of("node", best.node(), "tcp", best.tcp(), "webSocket", best.webSocket()));
    }

    private ApiResponse cluster(Exchange exchange) {
        String user = BearerToken.user(exchange.request(), access);
        if (!admins.contains(user)) {
            throw new ApiException(HttpResponseStatus.FORBIDDEN, "forbidden",
                    "only administrators (gateway.chat.admins) see the cluster");
        }
        return ApiResponse.ok(Map.of("nodes", nodes.live(monitorWindow)));
    }
}
