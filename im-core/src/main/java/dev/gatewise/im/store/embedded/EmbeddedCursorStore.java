package dev.gatewise.im.store.embedded;

import dev.gatewise.im.message.CursorKind;
import dev.gatewise.im.store.CursorStore;
import org.h2.mvstore.MVMap;

final class EmbeddedCursorStore implements CursorStore {
    private final MVMap<String, Long> cursors;

    EmbeddedCursorStore(MVMap<String, Long> cursors) {
        this.cursors = cursors;
    }

    @Override
    public boolean advance(String user, String conversation, CursorKind kind, long seq) {
        String key = Keys.of(user, conversation, kind.name());
        long[] before = new long[1];
        cursors.compute(key, (k, current) -> {
            before[0] = current == null ? 0 : current;
            return Math.max(before[0], seq);
        });
        // Not waited for: a cursor rides on the next commit (milliseconds away); a crash before it
        // costs a receipt the client sends again, never a message.
        return seq > before[0];
    }

    @Override
    public long get(String user, String conversation, CursorKind kind) {
        return cursors.getOrDefault(Keys.of(user, conversation, kind.name()), 0L);
    }
}
