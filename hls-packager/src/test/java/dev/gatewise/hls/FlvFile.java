package dev.gatewise.hls;

import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.StreamSink;
import dev.gatewise.media.stream.VideoFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tags of an FLV file, as the RTMP relay would hand them to a sink: FLV tag bodies are RTMP message bodies, so
 * AVC sequence headers become {@code onVideoConfig}, NALU packets {@code onVideo} (with their composition time and
 * keyframe flag), and likewise for AAC. Script data is skipped.
 */
final class FlvFile {

    private final List<Consumer<StreamSink>> events = new ArrayList<>();

    static FlvFile read(Path file) {
        try {
            return new FlvFile(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FlvFile(byte[] flv) {
        int pos = ((flv[5] & 0xFF) << 24 | (flv[6] & 0xFF) << 16 | (flv[7] & 0xFF) << 8 | flv[8] & 0xFF) + 4;
        while (pos + 11 <= flv.length) {
            int type = flv[pos] & 0x1F;
            int size = u24(flv, pos + 1);
            long dts = (u24(flv, pos + 4) | (flv[pos + 7] & 0xFFL) << 24);
            byte[] body = Arrays.copyOfRange(flv, pos + 11, pos + 11 + size);
            pos += 11 + size + 4;
            if (type == 9 && (body[0] & 0x0F) == 7) {
                boolean keyframe = (body[0] >> 4) == 1;
                int cts = (u24(body, 2) << 8) >> 8;
                byte[] payload = Arrays.copyOfRange(body, 5, body.length);
                if (body[1] == 0) {
                    events.add(sink -> sink.onVideoConfig(payload));
                } else if (body[1] == 1) {
                    events.add(sink -> sink.onVideo(new VideoFrame(dts, cts, keyframe, payload)));
                }
            } else if (type == 8 && ((body[0] & 0xFF) >> 4) == 10) {
                byte[] payload = Arrays.copyOfRange(body, 2, body.length);
                if (body[1] == 0) {
                    events.add(sink -> sink.onAudioConfig(payload));
                } else {
                    events.add(sink -> sink.onAudio(new AudioFrame(dts, payload)));
                }
            }
        }
    }

    private static int u24(byte[] data, int pos) {
        return (data[pos] & 0xFF) << 16 | (data[pos + 1] & 0xFF) << 8 | data[pos + 2] & 0xFF;
    }

    /** Feeds every tag to the sink, as fast as it takes them; does not end the stream. */
    void feed(StreamSink sink) {
        feed(sink, events.size());
    }

    /** Feeds the first {@code count} tags. */
    void feed(StreamSink sink, int count) {
        feed(sink, 0, count);
    }

    /** Feeds the tags from index {@code from} (inclusive) to {@code to} (exclusive). */
    void feed(StreamSink sink, int from, int to) {
        events.subList(from, to).forEach(event -> event.accept(sink));
    }

    /** Feeds every tag, pausing {@code pauseMillis} after each one. */
    void feedSlowly(StreamSink sink, long pauseMillis) throws InterruptedException {
        for (Consumer<StreamSink> event : events) {
            event.accept(sink);
            Thread.sleep(pauseMillis);
        }
    }

    int tags() {
        return events.size();
    }
}
