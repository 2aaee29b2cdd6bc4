package dev.gatewise.hls.live;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The renditions being published, by their path below {@code /hls/} ({@code STREAM} or {@code STREAM/RENDITION}),
 * for serving low-latency playlists from memory and parts from memory or their segments' files. A rendition is here
 * from its first publish to the end of its stream; after that its files on disk answer.
 *
 * <p>Thread-safe.
 */
public final class LivePlaylists {

    private final Map<String, LiveRendition> renditions = new ConcurrentHashMap<>();
    // Per live stream, so a request names no more than the streams being published.
    private final Map<String, ClassicRequests> classic = new ConcurrentHashMap<>();

    /** Registers a rendition that starts; it replaces one of the same path still there. */
    public LiveRendition open(String stream, String rendition, LiveRendition.Snapshot first) {
        LiveRendition live = new LiveRendition(stream, rendition, first,
            classic.computeIfAbsent(stream, name -> new ClassicRequests()));
        renditions.put(key(stream, rendition), live);
        return live;
    }

    /** Forgets a rendition whose stream has ended, unless a newer publish has replaced it. */
    public void close(LiveRendition live) {
        renditions.remove(key(live.stream(), live.rendition()), live);
        classic.computeIfPresent(live.stream(), (stream, requests) ->
            renditions.values().stream().anyMatch(other -> other.stream().equals(stream)) ? requests : null);
    }

    /** A player was let in to one of a stream's classic files: its renditions make MPEG-TS, if it is live. */
    public void classicAsked(String stream) {
        ClassicRequests requests = classic.get(stream);
        if (requests != null) {
            requests.asked();
        }
    }

    /** The rendition at a path below {@code /hls/}: {@code STREAM} or {@code STREAM/RENDITION}. */
    public Optional<LiveRendition> find(String path) {
        return Optional.ofNullable(renditions.get(path));
    }

    /** The other renditions of the same stream, for {@code EXT-X-RENDITION-REPORT}, in name order. */
    public List<LiveRendition> siblings(LiveRendition live) {
        if (live.rendition() == null) {
            return List.of();
        }
        return renditions.values().stream()
            .filter(other -> other != live && other.stream().equals(live.stream()) && other.rendition() != null)
            .sorted(Comparator.comparing(LiveRendition::rendition))
            .toList();
    }

    private static String key(String stream, String rendition) {
        return rendition == null ? stream : stream + "/" + rendition;
    }
}
