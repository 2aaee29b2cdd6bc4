package dev.gatewise.hls.playlist;

import dev.gatewise.hls.disk.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The master playlists of a stream with renditions, one per format: {@code index.m3u8} over the renditions'
 * low-latency playlists and {@code ts.m3u8} over their MPEG-TS ones (variant URIs {@code RENDITION/index.m3u8} and
 * {@code RENDITION/ts.m3u8}). Each rendition reports itself once its playlists can be shown; the files are
 * (re)written from the moment the source rendition is known, so they never list a media playlist that does not
 * exist yet. Rungs that become ready later are added by rewriting them.
 *
 * <p>Thread-safe: renditions report from their own workers.
 */
public final class MasterPlaylist {

    static final String LOW_LATENCY = "index.m3u8";
    static final String TS = "ts.m3u8";

    private final Path directory;
    private final String sourceUri;
    private final Map<String, Variant> variants = new LinkedHashMap<>();

    /**
     * @param directory the stream's directory, where both are written
     * @param sourceUri the source rendition's low-latency playlist, listed first
     */
    public MasterPlaylist(Path directory, String sourceUri) {
        this.directory = directory;
        this.sourceUri = sourceUri;
    }

    /** Adds or replaces a variant and rewrites the file if the source is known. */
    public synchronized void ready(Variant variant) {
        variants.put(variant.uri(), variant);
        if (!variants.containsKey(sourceUri)) {
            return;
        }
        try {
            AtomicFiles.write(directory.resolve(TS), render(TS).getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(directory.resolve(LOW_LATENCY), render(LOW_LATENCY).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param playlist the media playlists' file name, which is also the master's */
    synchronized String render(String playlist) {
        List<Variant> ordered = new ArrayList<>();
        ordered.add(variants.get(sourceUri));
        variants.values().stream().filter(v -> !v.uri().equals(sourceUri)).forEach(ordered::add);
        StringBuilder out = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n");
        for (Variant v : ordered) {
            out.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(v.bandwidth());
            if (v.width() > 0) {
                out.append(",RESOLUTION=").append(v.width()).append('x').append(v.height());
            }
            out.append(",CODECS=\"").append(v.codecs()).append("\"\n");
            out.append(v.uri(), 0, v.uri().lastIndexOf('/') + 1).append(playlist).append('\n');
        }
        return out.toString();
    }
}
