package dev.gatewise.bench.relay;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline: the chat ports' framing (4-byte length + bytes on TCP, one text frame on WebSocket)
 * and nothing else. No JSON, no store, no authentication. A connection's first frame names its room
 * (in place of the auth frame) and is echoed; after that every frame goes to everyone else in the room
 * (the "push": a pair for 1:1 traffic, a whole group for fan-out) and back to the sender (the "ack").
 * Whatever our gateway costs beyond this is the price of its logic.
 *
 * <p>Usage: {@code ZeroLogicRelay TCP_PORT WS_PORT}; WebSocket clients connect to {@code /ws}.
 */
public final class ZeroLogicRelay {
    private static final AttributeKey<ChannelGroup> ROOM = AttributeKey.valueOf("room");

    private ZeroLogicRelay() {}

    public static void main(String[] args) throws InterruptedException {
        var group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        var rooms = new ConcurrentHashMap<String, ChannelGroup>();
        var relay = new Relay(rooms);
        Channel tcp = listen(group, Integer.parseInt(args[0]), new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                // Keep the length prefix: a frame is forwarded exactly as it came.
                ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 0), relay);
            }
        });
        Channel ws = listen(group, Integer.parseInt(args[1]), new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                        new WebSocketServerProtocolHandler("/ws", null, false, 1 << 20), relay);
            }
        });
        System.out.println("relay listening on " + tcp.localAddress() + " (TCP) and " + ws.localAddress() + " (WS)");
        tcp.closeFuture().sync();
    }

    private static Channel listen(EventLoopGroup group, int port, ChannelInitializer<SocketChannel> initializer)
            throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer)
                .bind("127.0.0.1", port).sync().channel();
    }

    /** Takes TCP frames (with their length prefix) and WebSocket text frames alike. */
    @ChannelHandler.Sharable
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final Map<String, ChannelGroup> rooms;

        Relay(Map<String, ChannelGroup> rooms) {
            this.rooms = rooms;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf) && !(msg instanceof TextWebSocketFrame)) {
                ctx.fireChannelRead(msg);
                return;
            }
            Channel self = ctx.channel();
            ChannelGroup room = self.attr(ROOM).get();
            if (room == null) {
                ByteBuf content = msg instanceof ByteBufHolder holder ? holder.content() : (ByteBuf) msg;
                int skip = msg instanceof ByteBuf ? 4 : 0;
                String name = content.toString(content.readerIndex() + skip, content.readableBytes() - skip,
                        StandardCharsets.UTF_8);
                room = rooms.computeIfAbsent(name, n -> new DefaultChannelGroup(GlobalEventExecutor.INSTANCE));
                self.attr(ROOM).set(room);
                room.add(self);
            } else {
                for (Channel other : room) {
                    if (other != self) {
                        other.writeAndFlush(duplicate(msg), other.voidPromise());
                    }
                }
            }
            ctx.writeAndFlush(msg, ctx.voidPromise());
        }

        private static Object duplicate(Object msg) {
            return msg instanceof ByteBufHolder holder ? holder.retainedDuplicate() : ((ByteBuf) msg).retainedDuplicate();
        }
    }
}
