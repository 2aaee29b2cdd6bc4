package dev.gatewise.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The address of the client behind a request: the peer's, or, when the peer is a trusted proxy (nginx), what the
 * proxy says in {@code X-Real-IP} (else the last hop of {@code X-Forwarded-For}, the one the proxy added).
 */
public final class ClientAddress {
    private static final int MAX_ADDRESS = 64;

    private final Set<String> trustedProxies;

    /** @param trustedProxies IP address literals (a host name is looked up once, here) */
    public ClientAddress(Collection<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(ClientAddress::canonical).collect(Collectors.toSet());
    }

    public String of(Exchange exchange) {
        String peer = peer(exchange.ctx().channel().remoteAddress());
        if (peer == null || !trustedProxies.contains(peer)) {
            return peer;
        }
        var headers = exchange.request().headers();
        String real = headers.get("X-Real-IP");
        if (real != null && !real.isBlank()) {
            return bounded(real);
        }
        String forwarded = headers.get("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            return bounded(forwarded.substring(forwarded.lastIndexOf(',') + 1));
        }
        return peer;
    }

    private static String bounded(String address) {
        String trimmed = address.trim();
        return trimmed.length() > MAX_ADDRESS ? trimmed.substring(0, MAX_ADDRESS) : trimmed;
    }

    private static String canonical(String address) {
        try {
            return InetAddress.getByName(address.trim()).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + address, e);
        }
    }

    private static String peer(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : null;
    }
}
