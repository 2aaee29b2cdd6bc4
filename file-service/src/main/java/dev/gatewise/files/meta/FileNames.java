package dev.gatewise.files.meta;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Makes client-given names and types safe to store and to put back in headers: no path, no control characters
 * (header injection), bounded length; a type that is not a plain {@code type/subtype} becomes
 * {@code application/octet-stream}.
 */
public final class FileNames {
    private static final int MAX_NAME_CHARS = 255;
    private static final Pattern MEDIA_TYPE =
            Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,127}");
    public static final String DEFAULT_TYPE = "application/octet-stream";

    private FileNames() {}

    /** The last path segment of {@code name}, without control characters, at most 255 characters; "file" if empty. */
    public static String name(String name) {
        if (name == null) {
            return "file";
        }
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder clean = new StringBuilder();
        base.codePoints()
                .filter(c -> !Character.isISOControl(c) && c != 0x2028 && c != 0x2029)
                .limit(MAX_NAME_CHARS)
                .forEach(clean::appendCodePoint);
        String result = clean.toString().strip();
        return result.isEmpty() || result.equals(".") || result.equals("..") ? "file" : result;
    }

    /** A lower-case {@code type/subtype} without parameters, or {@link #DEFAULT_TYPE}. */
    public static String contentType(String type) {
        if (type == null) {
            return DEFAULT_TYPE;
        }
        String bare = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return MEDIA_TYPE.matcher(bare).matches() ? bare : DEFAULT_TYPE;
    }

    /**
     * A Content-Disposition for a download that keeps the original UTF-8 name (RFC 6266 / RFC 8187
     * {@code filename*}) with an ASCII fallback for old clients.
     */
    public static String attachment(String name) {
        StringBuilder ascii = new StringBuilder();
        name.codePoints().forEach(c -> ascii.append(c < 0x20 || c > 0x7e || c == '"' || c == '\\' ? '_' : (char) c));
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
