package dev.gatewise.bench.target;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several packaged gateways on one Redis: connection number {@code i} goes to node {@code i mod n},
 * so the two ends of a pair (connections 2k and 2k + 1) are always on different nodes and every message
 * crosses nodes. The "server" is node 1; the other nodes and Redis are its companions, each with its
 * own CPU per message.
 */
public final class ClusterTarget implements Target {
    private final RedisProcess redis;
    private final List<GatewayTarget> nodes = new ArrayList<>();

    public ClusterTarget(Path gatewayJar, int nodeCount, Path workDir) throws Exception {
        redis = new RedisProcess(workDir.resolve("redis"));
        try {
            for (int i = 1; i <= nodeCount; i++) {
                nodes.add(GatewayTarget.onSharedRedis(gatewayJar, workDir.resolve("node" + i), redis,
                        List.of("--gateway.node-id=node" + i)));
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "gatewise (" + nodes.size() + " nodes, redis)";
    }

    @Override
    public int tcpPort() {
        return nodes.get(0).tcpPort();
    }

    @Override
    public int tcpPort(int connection) {
        return node(connection).tcpPort();
    }

    @Override
    public URI webSocketUri() {
        return nodes.get(0).webSocketUri();
    }

    @Override
    public URI webSocketUri(int connection) {
        return node(connection).webSocketUri();
    }

    private GatewayTarget node(int connection) {
        return nodes.get(connection % nodes.size());
    }

    @Override
    public long pid() {
        return nodes.get(0).pid();
    }

    @Override
    public List<Account> accounts(int count) throws Exception {
        return nodes.get(0).accounts(count);
    }

    @Override
    public String firstFrame(Account account, String device, String room) {
        return nodes.get(0).firstFrame(account, device, room);
    }

    @Override
    public Map<String, Long> storeCommands() throws IOException {
        return redis.commandCalls();
    }

    @Override
    public Map<String, Double> companionCpuSeconds() throws IOException {
        var cpu = new LinkedHashMap<String, Double>();
        for (int i = 1; i < nodes.size(); i++) {
            cpu.put("node" + (i + 1), nodes.get(i).cpuSeconds());
        }
        cpu.put("redis", redis.cpuSeconds());
        return cpu;
    }

    @Override
    public void close() {
        nodes.forEach(GatewayTarget::close);
        redis.close();
    }
}
