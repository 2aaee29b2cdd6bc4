package dev.gatewise.media.rtmp.session;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A stream name as a client sends it in publish or play, split into the name and the query that may follow it
 * ({@code cam1?token=abc}, as ffmpeg sends rtmp://host/live/cam1?token=abc).
 *
 * @param name the stream name, valid by {@link #isValidName}
 * @param query the decoded query parameters, in order
 */
public record StreamRequest(String name, Map<String, String> query) {
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Whether a name is one we accept: letters, digits, '_' and '-', 1 to 64 of them; nothing path-like. */
    public static boolean isValidName(String name) {
        return name != null && VALID_NAME.matcher(name).matches();
    }

    /**
     * Splits and checks a raw publish or play name.
     *
     * @throws IllegalArgumentException with the reason if the name is not valid or the query is malformed
     */
    public static StreamRequest parse(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("no stream name");
        }
        int question = raw.indexOf('?');
        String name = question < 0 ? raw : raw.substring(0, question);
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid stream name (letters, digits, '_' and '-', at most 64)");
        }
        return new StreamRequest(name, parseQuery(question < 0 ? "" : raw.substring(question + 1)));
    }

    /**
     * Decodes a URL query ({@code a=1&b=2}); a later duplicate wins.
     *
     * @throws IllegalArgumentException if a percent escape is malformed
     */
    public static Map<String, String> parseQuery(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.put(URLDecoder.decode(key, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return Collections.unmodifiableMap(parameters);
    }
}
