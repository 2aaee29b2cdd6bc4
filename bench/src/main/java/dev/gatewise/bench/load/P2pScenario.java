package dev.gatewise.bench.load;

import dev.gatewise.bench.report.CpuCost;
import dev.gatewise.bench.report.ProcessStats;
import dev.gatewise.bench.report.RunResult;
import dev.gatewise.bench.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * 1:1 traffic: {@code pairs} senders each write to their own recipient. Either as fast as acks allow
 * (a window of unacknowledged messages per sender) or at a fixed total rate. Measures send→ack at the
 * sender and send→push at the recipient.
 */
public final class P2pScenario {
    private final int pairs;
    private final int window;
    private final Duration warmup;
    private final Duration duration;
    private final boolean webSocket;
    private final ClientConnector connector;

    public P2pScenario(int pairs, int window, Duration warmup, Duration duration, boolean webSocket,
                       ClientConnector connector) {
        this.pairs = pairs;
        this.window = window;
        this.warmup = warmup;
        this.duration = duration;
        this.webSocket = webSocket;
        this.connector = connector;
    }

    /** @param rate total messages per second, or 0 for as fast as acks allow */
    public RunResult run(Target target, double rate) throws Exception {
        var meter = new Meter();
        List<Target.Account> accounts = target.accounts(pairs * 2);
        var senders = new ArrayList<Sender>();
        var channels = new ArrayList<ClientChannel>();
        for (int i = 0; i < pairs; i++) {
            Target.Account from = accounts.get(2 * i);
            Target.Account to = accounts.get(2 * i + 1);
            String room = "pair-" + i;
            Sender[] sender = new Sender[1];
            ClientChannel sending = connector.connect(target, 2 * i, webSocket, target.firstFrame(from, "bench", room),
                    frame -> sender[0].received(frame, rate == 0));
            ClientChannel receiving = connector.connect(target, 2 * i + 1, webSocket,
                    target.firstFrame(to, "bench", room), frame -> meter.delivered(FrameScan.stamp(frame)));
            sender[0] = new Sender(sending, "\"to\":\"" + to.name() + "\"", window, meter);
            senders.add(sender[0]);
            channels.add(sending);
            channels.add(receiving);
        }
        for (int i = 0; i < senders.size(); i++) {
            Sender sender = senders.get(i);
            var loop = channels.get(2 * i).channel().eventLoop();
            if (rate == 0) {
                loop.execute(sender::fill);
            } else {
                // The total rate, spread over the senders in 10 ms ticks.
                double perTick = rate / pairs / 100.0;
                double[] owed = {0};
                loop.scheduleAtFixedRate(() -> {
                    owed[0] += perTick;
                    int now = (int) owed[0];
                    owed[0] -= now;
                    sender.tick(now);
                }, 10, 10, TimeUnit.MILLISECONDS);
            }
        }
        RunResult result = measure(target, meter, warmup, duration);
        senders.forEach(Sender::stop);
        channels.forEach(ClientChannel::close);
        return result;
    }

    /** Warms up, then records for {@code duration}, with the server's (and its companions') CPU and store commands over that window. */
    static RunResult measure(Target target, Meter meter, Duration warmup, Duration duration) throws Exception {
        Thread.sleep(warmup.toMillis());
        CpuMeter cpu = CpuMeter.start(target);
        Map<String, Long> commandsBefore = target.storeCommands();
        long startedAt = System.nanoTime();
        meter.start();
        Thread.sleep(duration.toMillis());
        meter.stop();
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        long delivered = meter.delivered.sum();
        CpuCost cost = cpu.stop(delivered);
        var commands = new TreeMap<String, Long>();
        target.storeCommands().forEach((command, calls) -> {
            long delta = calls - commandsBefore.getOrDefault(command, 0L);
            if (delta > 0 && !command.equals("info")) {
                commands.put(command, delta);
            }
        });
        return new RunResult(target.name(), seconds, meter.sent.sum(), meter.acked.sum(), delivered,
                meter.errors.sum(), meter.ackLatency, meter.deliveryLatency, ProcessStats.of(target.pid()).rssBytes(),
                commands, cost);
    }
}
