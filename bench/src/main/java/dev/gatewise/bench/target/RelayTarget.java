package dev.gatewise.bench.target;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The zero-logic relay in its own JVM. */
public final class RelayTarget implements Target {
    private final int port;
    private final int webSocketPort;
    private final Process process;

    public RelayTarget(Path workDir) throws Exception {
        port = Processes.freePort();
        webSocketPort = Processes.freePort();
        String classPath = Path.of(RelayTarget.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        process = Processes.start(List.of(Processes.java(), "-Xmx1g", "-cp", classPath,
                "dev.gatewise.bench.relay.ZeroLogicRelay", Integer.toString(port), Integer.toString(webSocketPort)),
                Files.createDirectories(workDir).resolve("relay.log"));
        Processes.awaitPort(process, port, 30_000);
        Processes.awaitPort(process, webSocketPort, 30_000);
    }

    @Override
    public URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + webSocketPort + "/ws");
    }

    @Override
    public String firstFrame(Account account, String device, String room) {
        return room;
    }

    @Override
    public String name() {
        return "zero-logic relay";
    }

    @Override
    public int tcpPort() {
        return port;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public List<Account> accounts(int count) {
        var accounts = new ArrayList<Account>();
        for (int i = 0; i < count; i++) {
            accounts.add(new Account("peer" + i, null));
        }
        return accounts;
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
