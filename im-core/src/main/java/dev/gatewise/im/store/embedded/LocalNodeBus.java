package dev.gatewise.im.store.embedded;

import dev.gatewise.im.store.NodeBus;
import java.util.function.Consumer;

/** The bus of a lone node: notices to itself are handled at once; there is nobody else. */
final class LocalNodeBus implements NodeBus {
    private volatile String self;
    private volatile Consumer<byte[]> handler = notice -> {};

    @Override
    public void send(String node, byte[] notice) {
        if (node.equals(self)) {
            handler.accept(notice);
        }
    }

    @Override
    public void broadcast(byte[] notice) {
        handler.accept(notice);
    }

    @Override
    public void subscribe(String node, Consumer<byte[]> handler) {
        this.self = node;
        this.handler = handler;
    }

    @Override
    public void close() {
        handler = notice -> {};
    }
}
