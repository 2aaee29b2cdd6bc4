package dev.gatewise.im.store.embedded;

import dev.gatewise.im.store.embedded.log.Log;
import dev.gatewise.im.store.embedded.log.RecordReader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The named maps kept in the log, and the log they write to (attached once it has replayed them). */
final class LogMaps {
    private final Map<String, LogMap> maps = new ConcurrentHashMap<>();
    private volatile Log log;

    /** The sorted map of this name (scannable by prefix), created on first use. */
    LogMap map(String name) {
        return maps.computeIfAbsent(name, n -> new LogMap(n, this, true));
    }

    /** A map only ever looked up by key; must be asked for before the log replays it. */
    LogMap hashed(String name) {
        return maps.computeIfAbsent(name, n -> new LogMap(n, this, false));
    }

    Log log() {
        return log;
    }

    void attach(Log opened) {
        this.log = opened;
    }

    /** A {@link LogMap#PUT} or {@link LogMap#REMOVE} record at open. */
    void replay(byte type, RecordReader fields, long position) {
        map(fields.string()).replay(type, fields, position);
    }

    /** {@link LogMap#copyForward} for every map; the position of the last record written, or -1. */
    long copyForward(long start, long end) {
        long last = -1;
        for (LogMap map : maps.values()) {
            last = Math.max(last, map.copyForward(start, end));
        }
        return last;
    }
}
