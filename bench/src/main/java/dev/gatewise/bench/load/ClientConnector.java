package dev.gatewise.bench.load;

import dev.gatewise.bench.target.Target;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Opens load-generator connections over TCP or WebSocket, from rotating 127.0.0.x source addresses
 * (each address has its own ephemeral ports), sends the first frame and waits for its answer.
 */
public final class ClientConnector {
    private static final int AT_ONCE = 256;

    private final EventLoopGroup group;
    private final List<String> sources;

    public ClientConnector(EventLoopGroup group, List<String> sources) {
        this.group = group;
        this.sources = sources;
    }

    /** Opens one connection of many; throws if it cannot be opened and readied. */
    @FunctionalInterface
    public interface Opener {
        ClientChannel open(int index) throws Exception;
    }

    /** Opens {@code count} connections, {@value #AT_ONCE} at a time, as a crowd of clients would arrive. */
    public List<ClientChannel> openMany(int count, Opener opener) {
        ExecutorService openers = Executors.newFixedThreadPool(AT_ONCE);
        try {
            var opening = new ArrayList<CompletableFuture<ClientChannel>>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                opening.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return opener.open(index);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, openers));
            }
            return opening.stream().map(CompletableFuture::join).toList();
        } finally {
            openers.shutdown();
        }
    }

    /** Connects, sends {@code firstFrame} (auth, or the relay's room), waits for the answer; later frames go to {@code onFrame}. */
    public ClientChannel connect(Target target, int index, boolean webSocket, String firstFrame,
                                 Consumer<ByteBuf> onFrame) throws Exception {
        var answered = new CompletableFuture<Void>();
        var frames = new SimpleChannelInboundHandler<Object>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                ByteBuf frame = msg instanceof TextWebSocketFrame text ? text.content() : (ByteBuf) msg;
                if (!answered.isDone()) {
                    answered.complete(null);
                } else {
                    onFrame.accept(frame);
                }
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                    new ClientChannel(ctx.channel(), true).write(firstFrame.getBytes(StandardCharsets.UTF_8));
                    ctx.flush();
                }
                ctx.fireUserEventTriggered(evt);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                answered.completeExceptionally(cause);
                ctx.close();
            }
        };
        var bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (webSocket) {
                            URI uri = target.webSocketUri(index);
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                                    new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(
                                            uri, WebSocketVersion.V13, null, false, new DefaultHttpHeaders(),
                                            1 << 20)), frames);
                        } else {
                            ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4), frames);
                        }
                    }
                });
        String source = sources.get(index % sources.size());
        int port = webSocket ? target.webSocketUri(index).getPort() : target.tcpPort(index);
        Channel channel = bootstrap.connect(new InetSocketAddress("127.0.0.1", port), new InetSocketAddress(source, 0))
                .sync().channel();
        var client = new ClientChannel(channel, webSocket);
        if (!webSocket) {
            client.write(firstFrame.getBytes(StandardCharsets.UTF_8));
            client.flush();
        }
        answered.get(60, TimeUnit.SECONDS);
        return client;
    }
}
