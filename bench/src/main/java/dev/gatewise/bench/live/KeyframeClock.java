package dev.gatewise.bench.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * When the publisher sent each keyframe, and each video frame. ffmpeg's tee muxer writes the same FLV stream to the server under test and
 * to this listener, packet by packet, so the moment a keyframe's tag arrives here is the moment it went to the
 * server; no clock offset, no ffmpeg start-up time. Every clock is read by one thread with one selector: a thread
 * per publisher woke for each of its packets, and with a hundred publishers that cost the machine more than the
 * server being measured.
 */
final class KeyframeClock implements AutoCloseable {
    private static final int FLV_HEADER = 9;
    // A tag's start: the previous tag's size (4), the tag header (11) and the first byte of its body.
    private static final int TAG_START = 16;
    private static Reader reader;

    private final ServerSocketChannel listener;
    /** Keyframe timestamp (ms, as in the FLV) → System.nanoTime() of its arrival. */
    private final ConcurrentSkipListMap<Long, Long> keyframes = new ConcurrentSkipListMap<>();
    /** Every video frame's timestamp → System.nanoTime() of its arrival. */
    private final ConcurrentSkipListMap<Long, Long> frames = new ConcurrentSkipListMap<>();
    // Read by the reader's thread only.
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private long skip = FLV_HEADER;

    KeyframeClock() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        reader().register(this);
    }

    private static synchronized Reader reader() throws IOException {
        if (reader == null) {
            reader = new Reader();
        }
        return reader;
    }

    /** Where ffmpeg's second output goes: {@code tcp://127.0.0.1:PORT}. */
    String url() {
        return "tcp://127.0.0.1:" + listener.socket().getLocalPort();
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

    /** Notes the tags whose start has arrived, at {@code arrived}; false once the publisher has finished. */
    private boolean read(SocketChannel channel, long arrived) throws IOException {
        int read = channel.read(buffer);
        buffer.flip();
        while (true) {
            if (skip > 0) {
                int skipped = (int) Math.min(skip, buffer.remaining());
                buffer.position(buffer.position() + skipped);
                skip -= skipped;
                if (skip > 0) {
                    break;
                }
            } else if (buffer.remaining() >= TAG_START) {
                buffer.getInt(); // previous tag size
                int type = buffer.get() & 0xFF;
                int size = u24(buffer);
                long timestamp = u24(buffer) | (long) (buffer.get() & 0xFF) << 24;
                buffer.position(buffer.position() + 3); // stream id
                if (type == 9 && size > 0) {
                    if ((buffer.get(buffer.position()) & 0xFF) >> 4 == 1) {
                        keyframes.putIfAbsent(timestamp, arrived);
                    }
                    frames.putIfAbsent(timestamp, arrived);
                }
                skip = size;
            } else {
                break;
            }
        }
        buffer.compact();
        return read >= 0;
    }

    private static int u24(ByteBuffer buffer) {
        return (buffer.get() & 0xFF) << 16 | (buffer.get() & 0xFF) << 8 | buffer.get() & 0xFF;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    /** The one thread that accepts and reads every clock's publisher. */
    private static final class Reader {
        private final Selector selector = Selector.open();

        Reader() throws IOException {
            Thread thread = new Thread(this::run, "keyframe-clock");
            thread.setDaemon(true);
            thread.start();
        }

        void register(KeyframeClock clock) throws IOException {
            clock.listener.configureBlocking(false);
            clock.listener.register(selector, SelectionKey.OP_ACCEPT, clock);
            selector.wakeup(); // a select under way would not watch it yet
        }

        private void run() {
            try {
                while (true) {
                    selector.select();
                    for (SelectionKey key : selector.selectedKeys()) {
                        KeyframeClock clock = (KeyframeClock) key.attachment();
                        try {
                            if (!key.isValid()) {
                                continue; // its clock closed meanwhile
                            }
                            if (key.isAcceptable()) {
                                SocketChannel channel = clock.listener.accept();
                                if (channel != null) {
                                    channel.configureBlocking(false);
                                    channel.register(selector, SelectionKey.OP_READ, clock);
                                }
                            } else if (key.isReadable() && !clock.read((SocketChannel) key.channel(),
                                    System.nanoTime())) {
                                key.channel().close(); // the publisher finished
                            }
                        } catch (IOException | CancelledKeyException e) {
                            key.channel().close(); // closed with the scenario
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
