package dev.gatewise.media.testing;

import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.LiveStream;
import dev.gatewise.media.stream.StreamSink;
import dev.gatewise.media.stream.VideoFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A sink that keeps everything it is given, in order, for tests to inspect from another thread. */
public final class RecordingSink implements StreamSink {
    /** One call the relay made, with its argument. */
    public record Event(String kind, Object value) {}

    private final LiveStream stream;
    private final List<Event> events = new ArrayList<>();
    private int ends;
    private Boolean clean;

    public RecordingSink(LiveStream stream) {
        this.stream = stream;
    }

    public LiveStream stream() {
        return stream;
    }

    @Override
    public synchronized void onMetadata(Map<String, Object> metadata) {
        events.add(new Event("metadata", metadata));
    }

    @Override
    public synchronized void onVideoConfig(byte[] record) {
        events.add(new Event("videoConfig", record));
    }

    @Override
    public synchronized void onAudioConfig(byte[] config) {
        events.add(new Event("audioConfig", config));
    }

    @Override
    public synchronized void onVideo(VideoFrame frame) {
        events.add(new Event("video", frame));
    }

    @Override
    public synchronized void onAudio(AudioFrame frame) {
        events.add(new Event("audio", frame));
    }

    @Override
    public synchronized void onEnd(boolean clean) {
        ends++;
        this.clean = clean;
        events.add(new Event("end", clean));
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    public synchronized int endCount() {
        return ends;
    }

    /** Whether the end was clean, or null before the end. */
    public synchronized Boolean clean() {
        return clean;
    }

    public synchronized List<VideoFrame> videoFrames() {
        return events.stream().filter(e -> e.kind().equals("video")).map(e -> (VideoFrame) e.value()).toList();
    }

    public synchronized List<AudioFrame> audioFrames() {
        return events.stream().filter(e -> e.kind().equals("audio")).map(e -> (AudioFrame) e.value()).toList();
    }

    @SuppressWarnings("unchecked")
    public synchronized <T> List<T> values(String kind) {
        List<T> values = new ArrayList<>();
        for (Event event : events) {
            if (event.kind().equals(kind)) {
                values.add((T) event.value());
            }
        }
        return values;
    }
}
