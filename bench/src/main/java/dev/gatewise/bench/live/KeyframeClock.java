package dev.gatewise.bench.live;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * When the publisher sent each keyframe, and each video frame. ffmpeg's tee muxer writes the same FLV stream to the server under test and
 * to this listener, packet by packet, so the moment a keyframe's tag arrives here is the moment it went to the
 * server; no clock offset, no ffmpeg start-up time.
 */
final class KeyframeClock implements AutoCloseable {
    private final ServerSocket listener;
    /** Keyframe timestamp (ms, as in the FLV) → System.nanoTime() of its arrival. */
    private final ConcurrentSkipListMap<Long, Long> keyframes = new ConcurrentSkipListMap<>();
    /** Every video frame's timestamp → System.nanoTime() of its arrival. */
    private final ConcurrentSkipListMap<Long, Long> frames = new ConcurrentSkipListMap<>();

    KeyframeClock() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread reader = new Thread(this::read, "keyframe-clock");
        reader.setDaemon(true);
        reader.start();
    }

    /** Where ffmpeg's second output goes: {@code tcp://127.0.0.1:PORT}. */
    String url() {
        return "tcp://127.0.0.1:" + listener.getLocalPort();
    }

    /** The arrival of the keyframe nearest {@code mediaMillis} (within 100 ms), or -1. */
    long sentAt(long mediaMillis) {
        Map.Entry<Long, Long> below = keyframes.floorEntry(mediaMillis);
        Map.Entry<Long, Long> above = keyframes.ceilingEntry(mediaMillis);
        Map.Entry<Long, Long> nearest = below == null ? above : above == null ? below
                : mediaMillis - below.getKey() <= above.getKey() - mediaMillis ? below : above;
        return nearest != null && Math.abs(nearest.getKey() - mediaMillis) <= 100 ? nearest.getValue() : -1;
    }

    /** The arrival of the last video frame with a timestamp below {@code mediaMillis}, or -1. */
    long frameBefore(long mediaMillis) {
        Map.Entry<Long, Long> below = frames.lowerEntry(mediaMillis);
        return below == null ? -1 : below.getValue();
    }

    private void read() {
        try (Socket socket = listener.accept();
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()))) {
            in.skipNBytes(9); // FLV header
            while (true) {
                in.skipNBytes(4); // previous tag size
                int type = in.readUnsignedByte();
                int size = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
                long timestamp = ((long) in.readUnsignedByte() << 16) | in.readUnsignedShort();
                timestamp |= (long) in.readUnsignedByte() << 24;
                in.skipNBytes(3); // stream id
                long arrived = System.nanoTime();
                if (type == 9 && size > 0) {
                    int first = in.readUnsignedByte();
                    if ((first >> 4) == 1) {
                        keyframes.putIfAbsent(timestamp, arrived);
                    }
                    frames.putIfAbsent(timestamp, arrived);
                    in.skipNBytes(size - 1);
                } else {
                    in.skipNBytes(size);
                }
            }
        } catch (EOFException e) {
            // the publisher finished
        } catch (IOException e) {
            // closed with the scenario
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
