package dev.gatewise.hls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A media or master playlist as a player reads it, for assertions. */
record Playlist(String text, List<String> uris, List<Double> durations, long mediaSequence,
    long discontinuitySequence, int targetDuration) {

    static Playlist read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Playlist parse(String text) {
        List<String> uris = new ArrayList<>();
        List<Double> durations = new ArrayList<>();
        long mediaSequence = 0;
        long discontinuitySequence = 0;
        int target = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                mediaSequence = Long.parseLong(line.substring(22));
            } else if (line.startsWith("#EXT-X-DISCONTINUITY-SEQUENCE:")) {
                discontinuitySequence = Long.parseLong(line.substring(30));
            } else if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                target = Integer.parseInt(line.substring(22));
            } else if (line.startsWith("#EXTINF:")) {
                durations.add(Double.parseDouble(line.substring(8, line.indexOf(','))));
            } else if (!line.isBlank() && !line.startsWith("#")) {
                uris.add(line);
            }
        }
        return new Playlist(text, uris, durations, mediaSequence, discontinuitySequence, target);
    }

    boolean ended() {
        return text.contains("#EXT-X-ENDLIST");
    }
}
