package dev.gatewise.im.store.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.h2.mvstore.MVMap;

/**
 * Composite keys for the embedded maps. Parts are joined by a separator that sorts before every
 * character allowed in names and ids, so all keys sharing a prefix are adjacent and in order.
 */
final class Keys {
    static final char SEPARATOR = '\u0001';

    private Keys() {}

    static String of(String... parts) {
        return String.join(String.valueOf(SEPARATOR), parts);
    }

    /** Fixed-width hexadecimal, so string order is numeric order. */
    static String seq(long seq) {
        return String.format("%016x", seq);
    }

    /** The part after the last separator. */
    static String last(String key) {
        return key.substring(key.lastIndexOf(SEPARATOR) + 1);
    }

    /** Up to {@code limit} entries whose key starts with {@code prefix} + separator, mapped in key order. */
    static <V, R> List<R> scan(MVMap<String, V> map, String prefix, int limit, BiFunction<String, V, R> mapper) {
        return scanFrom(map, prefix + SEPARATOR, prefix + SEPARATOR, limit, mapper);
    }

    /** Like {@link #scan} but starting at {@code from}, a key at or after {@code prefix}. */
    static <V, R> List<R> scanFrom(MVMap<String, V> map, String prefix, String from, int limit,
                                   BiFunction<String, V, R> mapper) {
        var result = new ArrayList<R>();
        var cursor = map.cursor(from);
        while (result.size() < limit && cursor.hasNext()) {
            String key = cursor.next();
            if (!key.startsWith(prefix)) {
                break;
            }
            result.add(mapper.apply(key, cursor.getValue()));
        }
        return result;
    }
}
