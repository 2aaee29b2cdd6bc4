package dev.gatewise.media.rtmp;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts open connections, in all and per IP address, and says whether one more may open. */
final class ConnectionLimits {
    private final int maxConnections;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

    ConnectionLimits(int maxConnections, int maxPerAddress) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
    }

    /** Takes a place for a connection from this address; null if one is free, else why not. */
    String tryAcquire(InetAddress address) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            return "too many connections (" + maxConnections + ")";
        }
        int fromAddress = perAddress.merge(address, 1, Integer::sum);
        if (fromAddress > maxPerAddress) {
            release(address);
            return "too many connections from " + address.getHostAddress() + " (" + maxPerAddress + ")";
        }
        return null;
    }

    void release(InetAddress address) {
        open.decrementAndGet();
        perAddress.computeIfPresent(address, (a, count) -> count > 1 ? count - 1 : null);
    }
}
