package dev.gatewise.im.store.embedded;

import dev.gatewise.im.message.CursorKind;
import dev.gatewise.im.store.CursorStore;

final class EmbeddedCursorStore implements CursorStore {
    private final LogMap cursors;

    EmbeddedCursorStore(LogMap cursors) {
        this.cursors = cursors;
    }

    @Override
    public boolean advance(String user, String conversation, CursorKind kind, long seq) {
        boolean[] moved = {false};
        // Not waited for: a crash before its record is written costs a receipt the client sends again,
        // never a message.
        cursors.change(Keys.of(user, conversation, kind.name()), current -> {
            moved[0] = seq > LogMap.asLong(current);
            return moved[0] ? LogMap.longBytes(seq) : current;
        });
        return moved[0];
    }

    /** Nothing to write: the message's own record says its sender has read up to it. */
    @Override
    public void wrote(String user, String conversation, long seq) {
    }

    @Override
    public long get(String user, String conversation, CursorKind kind) {
        return LogMap.asLong(cursors.get(Keys.of(user, conversation, kind.name())));
    }
}
