package dev.gatewise.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A path pattern: literal segments, {@code {name}} for one non-empty segment, and a last {@code **} for any number
 * of segments (none included), as in {@code /files/{id}/info} or {@code /hls/**}.
 */
public final class PathPattern {
    private final String text;
    private final String[] segments;
    /** Compares how specific patterns are: literal over {@code {name}} over {@code **}, the end over {@code **}. */
    private final String rank;

    public PathPattern(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("a path pattern starts with /: " + text);
        }
        this.text = text;
        this.segments = text.equals("/") ? new String[0] : text.substring(1).split("/", -1);
        var rank = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.equals("**") && i != segments.length - 1) {
                throw new IllegalArgumentException("** must be last: " + text);
            }
            rank.append(s.equals("**") ? 'a' : isParam(s) ? 'b' : 'c');
        }
        this.rank = rank.append('d').toString();
    }

    /** The values of the {@code {name}} segments if {@code path} (split into segments) matches; null if not. */
    Map<String, String> match(List<String> path) {
        Map<String, String> params = Map.of();
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.equals("**")) {
                return params;
            }
            if (i >= path.size()) {
                return null;
            }
            String value = path.get(i);
            if (isParam(s)) {
                if (value.isEmpty()) {
                    return null;
                }
                if (params.isEmpty()) {
                    params = new HashMap<>();
                }
                params.put(s.substring(1, s.length() - 1), value);
            } else if (!s.equals(value)) {
                return null;
            }
        }
        return path.size() == segments.length ? params : null;
    }

    /** Positive if this pattern is more specific than {@code other} (both matching one path). */
    int compareSpecificity(PathPattern other) {
        return rank.compareTo(other.rank);
    }

    private static boolean isParam(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    @Override
    public String toString() {
        return text;
    }
}
