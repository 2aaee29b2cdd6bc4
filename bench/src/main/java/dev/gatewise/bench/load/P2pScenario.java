package dev.gatewise.bench.load;

import dev.gatewise.bench.report.ProcessStats;
import dev.gatewise.bench.report.RunResult;
import dev.gatewise.bench.target.Target;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * 1:1 traffic: {@code pairs} senders each write to their own recipient, over TCP. Either as fast as
 * acks allow (a window of unacknowledged messages per sender) or at a fixed total rate. Measures
 * send→ack at the sender and send→push at the recipient.
 */
public final class P2pScenario {
    private final int pairs;
    private final int window;
    private final double rate;
    private final Duration warmup;
    private final Duration duration;
    private final List<String> sources;
    private final EventLoopGroup group;

    /**
     * @param rate total messages per second, or 0 for as fast as acks allow
     * @param sources local addresses to connect from (127.0.0.x), so many connections fit in the ports
     */
    public P2pScenario(int pairs, int window, double rate, Duration warmup, Duration duration, List<String> sources,
                       EventLoopGroup group) {
        this.pairs = pairs;
        this.window = window;
        this.rate = rate;
        this.warmup = warmup;
        this.duration = duration;
        this.sources = sources;
        this.group = group;
    }

    public RunResult run(Target target) throws Exception {
        var meter = new Meter();
        List<Target.Account> accounts = target.accounts(pairs * 2);
        var senders = new ArrayList<Sender>();
        var channels = new ArrayList<Channel>();
        for (int i = 0; i < pairs; i++) {
            Target.Account from = accounts.get(2 * i);
            Target.Account to = accounts.get(2 * i + 1);
            Sender[] sender = new Sender[1];
            Channel sending = connect(target, 2 * i, from, frame -> sender[0].received(frame, rate == 0));
            Channel receiving = connect(target, 2 * i + 1, to, frame -> {
                long stamp = FrameScan.stamp(frame);
                if (stamp > 0) {
                    meter.delivered(stamp);
                }
            });
            sender[0] = new Sender(sending, to.name(), window, meter);
            senders.add(sender[0]);
            channels.add(sending);
            channels.add(receiving);
        }
        for (Sender sender : senders) {
            if (rate == 0) {
                channelOf(sender, senders, channels).eventLoop().execute(sender::fill);
            } else {
                scheduleAtRate(sender, channelOf(sender, senders, channels));
            }
        }
        Thread.sleep(warmup.toMillis());
        ProcessStats before = ProcessStats.of(target.pid());
        Map<String, Long> commandsBefore = target.storeCommands();
        long startedAt = System.nanoTime();
        meter.start();
        Thread.sleep(duration.toMillis());
        meter.stop();
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        ProcessStats after = ProcessStats.of(target.pid());
        var commands = new TreeMap<String, Long>();
        target.storeCommands().forEach((command, calls) -> {
            long delta = calls - commandsBefore.getOrDefault(command, 0L);
            if (delta > 0 && !command.equals("info")) {
                commands.put(command, delta);
            }
        });
        senders.forEach(Sender::stop);
        for (Channel channel : channels) {
            channel.close().syncUninterruptibly();
        }
        return new RunResult(target.name(), seconds, meter.sent.sum(), meter.acked.sum(), meter.delivered.sum(),
                meter.errors.sum(), meter.ackLatency, meter.deliveryLatency, after.cpuSeconds() - before.cpuSeconds(),
                after.rssBytes(), commands);
    }

    private static Channel channelOf(Sender sender, List<Sender> senders, List<Channel> channels) {
        return channels.get(2 * senders.indexOf(sender));
    }

    /** Spreads the total rate over the senders, in 10 ms ticks. */
    private void scheduleAtRate(Sender sender, Channel channel) {
        double perTick = rate / pairs / 100.0;
        double[] owed = {0};
        channel.eventLoop().scheduleAtFixedRate(() -> {
            owed[0] += perTick;
            int now = (int) owed[0];
            owed[0] -= now;
            sender.tick(now);
        }, 10, 10, TimeUnit.MILLISECONDS);
    }

    private Channel connect(Target target, int index, Target.Account account, Consumer<ByteBuf> onFrame)
            throws Exception {
        var authenticated = new CompletableFuture<Void>();
        var bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4),
                                new SimpleChannelInboundHandler<ByteBuf>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                        if (!authenticated.isDone()) {
                                            authenticated.complete(null);
                                        } else {
                                            onFrame.accept(frame);
                                        }
                                    }
                                });
                    }
                });
        String source = sources.get(index % sources.size());
        Channel channel = bootstrap.connect(new InetSocketAddress("127.0.0.1", target.tcpPort()),
                new InetSocketAddress(source, 0)).sync().channel();
        byte[] auth = account.authFrame().getBytes(StandardCharsets.UTF_8);
        channel.writeAndFlush(Unpooled.buffer(4 + auth.length).writeInt(auth.length).writeBytes(auth));
        authenticated.get(30, TimeUnit.SECONDS);
        return channel;
    }
}
