package dev.gatewise.im.store.embedded.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's files: segments named by the log position of their first byte ({@code 00000000000067108864.seg}),
 * so positions are global and a segment's name says where it sits. Only the newest is written to.
 */
final class Segments implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Segments.class);
    private static final String SUFFIX = ".seg";

    private final Path dir;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private volatile Segment active;

    /** One file; {@code size} is where its next record goes. */
    static final class Segment {
        final long base;
        final Path path;
        final FileChannel channel;
        volatile long size;

        Segment(long base, Path path, FileChannel channel, long size) {
            this.base = base;
            this.path = path;
            this.channel = channel;
            this.size = size;
        }

        long end() {
            return base + size;
        }
    }

    private Segments(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens the log in {@code dir}, handing every intact record to {@code replay} in log order. The first
     * record that is torn (cut short, or failing its checksum) ends the log: its segment is truncated
     * there, and any later segments (which only a crash of the machine without fsync can leave behind a
     * torn record) are set aside as {@code .damaged}, never read again.
     */
    static Segments open(Path dir, Log.Replay replay) throws IOException {
        Files.createDirectories(dir);
        var segments = new Segments(dir);
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        boolean torn = false;
        for (Path file : files) {
            long base = Long.parseLong(file.getFileName().toString().replace(SUFFIX, ""));
            if (torn) {
                Path aside = file.resolveSibling(file.getFileName() + ".damaged");
                log.error("Embedded store: {} follows a torn record; moved aside to {}", file, aside);
                Files.move(file, aside);
                continue;
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long intact = scan(channel, base, replay);
            if (intact < channel.size()) {
                log.warn("Embedded store: {} ends with a torn record at byte {} of {}; truncated there (a crash "
                        + "during that write; nothing after it was acknowledged)", file, intact, channel.size());
                channel.truncate(intact);
                channel.force(true);
                torn = true;
            }
            channel.position(intact);
            segments.add(new Segment(base, file, channel, intact));
        }
        return segments;
    }

    /** Replays one segment; returns how many of its bytes are intact records. */
    private static long scan(FileChannel channel, long base, Log.Replay replay) throws IOException {
        long size = channel.size();
        long at = 0;
        ByteBuffer header = ByteBuffer.allocate(Frame.HEADER);
        byte[] body = new byte[4096];
        while (at + Frame.HEADER <= size) {
            header.clear();
            readFully(channel, header, at);
            header.flip();
            int length = Frame.bodyLength(header);
            if (length < 0 || at + Frame.HEADER + length > size) {
                return at;
            }
            if (body.length < length) {
                body = new byte[Math.max(length, body.length * 2)];
            }
            readFully(channel, ByteBuffer.wrap(body, 0, length), at + Frame.HEADER);
            if (!Frame.intact(header, body, 0, length)) {
                return at;
            }
            replay.record(base + at, body[0], new RecordReader(body, 1, length));
            at += Frame.HEADER + length;
        }
        return at;
    }

    /** Fills {@code buffer}'s remaining space from the file, starting at {@code position}. */
    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of segment");
            }
            at += read;
        }
    }

    private void add(Segment segment) {
        segments.put(segment.base, segment);
        active = segment;
    }

    /** Whether there is no segment yet (a new log). */
    boolean none() {
        return active == null;
    }

    /** Where the next record goes: the end of the newest segment (0 for an empty log). */
    long end() {
        return active == null ? 0 : active.end();
    }

    /** The newest segment's size (0 with none). */
    long activeSize() {
        return active == null ? 0 : active.size;
    }

    /** Starts a segment at {@code base} (the end of the current one); forces the old one first if asked. */
    void start(long base, boolean fsync) throws IOException {
        if (active != null && fsync) {
            active.channel.force(false);
        }
        Path file = dir.resolve(String.format("%020d", base) + SUFFIX);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        if (fsync) {
            // The new file's name must survive a power loss too.
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true);
            }
        }
        add(new Segment(base, file, channel, 0));
    }

    /** Appends to the newest segment, all of {@code buffers}. */
    void write(ByteBuffer[] buffers, int count, long bytes) throws IOException {
        long left = bytes;
        int from = 0;
        while (left > 0) {
            left -= active.channel.write(buffers, from, count - from);
            while (from < count && !buffers[from].hasRemaining()) {
                from++;
            }
        }
        active.size += bytes;
    }

    void force() throws IOException {
        if (active != null) {
            active.channel.force(false);
        }
    }

    /** The record at {@code position}, or null if its segment is gone (retention). */
    LogRecord read(long position) throws IOException {
        Map.Entry<Long, Segment> entry = segments.floorEntry(position);
        if (entry == null) {
            return null;
        }
        Segment segment = entry.getValue();
        long at = position - segment.base;
        ByteBuffer first = ByteBuffer.allocate(512);
        int read = segment.channel.read(first, at);
        if (read < Frame.HEADER) {
            throw new IOException("no record at log position " + position);
        }
        first.flip();
        int length = Frame.bodyLength(first);
        if (length < 0) {
            throw new IOException("no record at log position " + position);
        }
        byte[] body = new byte[length];
        int inFirst = Math.min(length, first.remaining() - Frame.HEADER);
        first.get(Frame.HEADER, body, 0, inFirst);
        if (inFirst < length) {
            readFully(segment.channel, ByteBuffer.wrap(body, inFirst, length - inFirst), at + Frame.HEADER + inFirst);
        }
        return new LogRecord(body[0], new RecordReader(body, 1, length));
    }

    /** Every segment but the newest, oldest first. */
    List<Segment> closed() {
        var closed = new ArrayList<>(segments.values());
        closed.remove(active);
        return closed;
    }

    void delete(Segment segment) throws IOException {
        segments.remove(segment.base);
        segment.channel.close();
        Files.deleteIfExists(segment.path);
    }

    @Override
    public void close() throws IOException {
        for (Segment segment : segments.values()) {
            segment.channel.close();
        }
    }

}
