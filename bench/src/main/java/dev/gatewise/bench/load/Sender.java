package dev.gatewise.bench.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * One sending connection: keeps up to {@code window} messages unacknowledged, each carrying its send
 * time, and sends the next when an ack comes back (or, with a rate, on a timer). It writes to one
 * user ({@code "to":"bob"}) or one group ({@code "group":"ID"}).
 */
final class Sender {
    static final int MAX_IN_FLIGHT = 1024;

    private final ClientChannel channel;
    private final String target;
    private final int window;
    private final Meter meter;
    private final long[] sentAt = new long[MAX_IN_FLIGHT];
    private long next;
    private int inFlight;
    private volatile boolean running = true;

    /** @param target the addressing part of the send frame, such as {@code "to":"bob"} */
    Sender(ClientChannel channel, String target, int window, Meter meter) {
        this.channel = channel;
        this.target = target;
        this.window = Math.min(window, MAX_IN_FLIGHT);
        this.meter = meter;
    }

    /** Fills the window. Runs on the channel's event loop. */
    void fill() {
        while (running && inFlight < window) {
            send();
        }
        channel.flush();
    }

    /** Sends one message if the window allows (rate mode). Runs on the channel's event loop. */
    void tick(int count) {
        for (int i = 0; i < count && running && inFlight < MAX_IN_FLIGHT; i++) {
            send();
        }
        channel.flush();
    }

    private void send() {
        long id = next++;
        long now = System.nanoTime();
        sentAt[(int) (id % MAX_IN_FLIGHT)] = now;
        String json = "{\"type\":\"send\"," + target + ",\"clientMsgId\":\"" + id
                + "\",\"content\":{\"text\":\"t" + now + "\"}}";
        channel.write(json.getBytes(StandardCharsets.UTF_8));
        inFlight++;
        meter.sent();
    }

    /** A frame came back on the sending connection: an ack (or an error). */
    void received(ByteBuf frame, boolean windowed) {
        if (FrameScan.isError(frame)) {
            meter.error();
            inFlight--;
        } else {
            long id = FrameScan.clientId(frame);
            if (id >= 0) {
                meter.acked(sentAt[(int) (id % MAX_IN_FLIGHT)]);
                inFlight--;
            }
        }
        if (windowed) {
            fill();
        }
    }

    void stop() {
        running = false;
    }
}
