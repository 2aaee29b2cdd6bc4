package dev.gatewise.teamtalk.login;

import dev.gatewise.http.ApiResponse;
import dev.gatewise.http.BlockingApi;
import dev.gatewise.http.Route;
import dev.gatewise.http.Routes;
import dev.gatewise.im.store.KeyValueStore;
import dev.gatewise.im.store.NodeInfo;
import dev.gatewise.im.store.NodeStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * TeamTalk's login server: {@code GET /msg_server} names the msg server to connect to, here the TeamTalk listener
 * of the live node with the fewest connections, in the JSON TeamTalk's clients parse ({@code port} is a string, as
 * TeamTalk's own login server writes it). Each node records its listener's address under its node id in a
 * key-value namespace of the shared store ({@link #announce}); the node table says which nodes are alive and loaded.
 */
public final class MsgServerRoute {
    private final NodeStore nodes;
    private final KeyValueStore listeners;
    private final BlockingApi blocking;
    private final Duration ttl;
    private final String filesBaseUrl;

    public MsgServerRoute(NodeStore nodes, KeyValueStore listeners, BlockingApi blocking, Duration ttl,
                          String filesBaseUrl) {
        this.nodes = nodes;
        this.listeners = listeners;
        this.blocking = blocking;
        this.ttl = ttl;
        this.filesBaseUrl = filesBaseUrl;
    }

    /** Records where this node's TeamTalk clients connect. Blocking. */
    public static void announce(KeyValueStore listeners, String nodeId, String host, int port) {
        listeners.put(nodeId, (host + " " + port).getBytes(StandardCharsets.UTF_8));
    }

    public List<Route> routes() {
        return new Routes().get("/msg_server", blocking.json(exchange -> {
            Optional<String[]> best = nodes.live(ttl).stream()
                    .sorted(Comparator.comparingInt(NodeInfo::connections))
                    .map(node -> listeners.get(node.node()))
                    .flatMap(Optional::stream)
                    .map(bytes -> new String(bytes, StandardCharsets.UTF_8).split(" ", 2))
                    .findFirst();
            var answer = new LinkedHashMap<String, Object>();
            answer.put("code", best.isPresent() ? 0 : 1);
            answer.put("msg", best.isPresent() ? "" : "no live msg server");
            answer.put("priorIP", best.map(address -> address[0]).orElse(""));
            answer.put("backupIP", best.map(address -> address[0]).orElse(""));
            answer.put("port", best.map(address -> address[1]).orElse(""));
            answer.put("msfsPrior", filesBaseUrl);
            answer.put("msfsBackup", filesBaseUrl);
            answer.put("discovery", "");
            return ApiResponse.ok(answer);
        })).list();
    }
}
