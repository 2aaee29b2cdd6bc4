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
 * The master playlist of a stream with renditions. Each rendition reports itself once its first segment is on disk;
 * the file is (re)written from the moment the source rendition is known, so it never lists a media playlist that
 * does not exist yet. Rungs that become ready later are added by rewriting it.
 *
 * <p>Thread-safe: renditions report from their own workers.
 */
public final class MasterPlaylist {

    private final Path file;
    private final String sourceUri;
    private final Map<String, Variant> variants = new LinkedHashMap<>();

    /**
     * @param file where to write it
     * @param sourceUri the source rendition's playlist, listed first
     */
    public MasterPlaylist(Path file, String sourceUri) {
        this.file = file;
        this.sourceUri = sourceUri;
    }

    /** Adds or replaces a variant and rewrites the file if the source is known. */
    public synchronized void ready(Variant variant) {
        variants.put(variant.uri(), variant);
        if (!variants.containsKey(sourceUri)) {
            return;
        }
        try {
            AtomicFiles.write(file, render().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized String render() {
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
            out.append(v.uri()).append('\n');
        }
        return out.toString();
    }
}
