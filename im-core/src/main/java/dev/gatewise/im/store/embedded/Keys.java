package dev.gatewise.im.store.embedded;

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

    /** The part after the last separator. */
    static String last(String key) {
        return key.substring(key.lastIndexOf(SEPARATOR) + 1);
    }

    /** The keys under {@code prefix} + separator, in order: the parts after the last separator. */
    static java.util.List<String> lastParts(LogMap map, String prefix) {
        String start = prefix + SEPARATOR;
        return map.scan(start, start, Integer.MAX_VALUE).stream().map(entry -> last(entry.getKey())).toList();
    }
}
