package dev.gatewise.bench.relay;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline: the same framing as the chat TCP port (4-byte length + bytes) and nothing else. No
 * JSON, no store, no auth. A connection's first frame names its pair (in place of the auth frame) and is
 * echoed; after that every frame goes to the peer (the "push") and back to the sender (the "ack").
 * Whatever our gateway costs beyond this is the price of its logic.
 */
public final class ZeroLogicRelay {
    private static final AttributeKey<Channel> PEER = AttributeKey.valueOf("peer");

    private ZeroLogicRelay() {}

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        var group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        var waiting = new ConcurrentHashMap<String, Channel>();
        var relay = new Relay(waiting);
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // Keep the length prefix: the frame is forwarded exactly as it came.
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 0), relay);
                    }
                }).bind("127.0.0.1", port).sync().channel();
        System.out.println("relay listening on " + server.localAddress());
        server.closeFuture().sync();
    }

    @ChannelHandler.Sharable
    private static final class Relay extends SimpleChannelInboundHandler<ByteBuf> {
        private static final AttributeKey<Boolean> PAIRED = AttributeKey.valueOf("paired");

        private final Map<String, Channel> waiting;

        Relay(Map<String, Channel> waiting) {
            this.waiting = waiting;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            Channel self = ctx.channel();
            if (self.attr(PAIRED).setIfAbsent(Boolean.TRUE) == null) {
                String pair = frame.toString(StandardCharsets.UTF_8);
                Channel other = waiting.remove(pair);
                if (other == null) {
                    waiting.put(pair, self);
                } else {
                    self.attr(PEER).set(other);
                    other.attr(PEER).set(self);
                }
            } else {
                Channel peer = self.attr(PEER).get();
                if (peer != null) {
                    peer.writeAndFlush(frame.retainedDuplicate(), peer.voidPromise());
                }
            }
            ctx.writeAndFlush(frame.retain(), ctx.voidPromise());
        }
    }
}
