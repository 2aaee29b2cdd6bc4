package dev.gatewise.im.store;

import dev.gatewise.im.message.CursorKind;

/** How far each user has received and read each conversation. Cursors only move forward. Blocking. */
public interface CursorStore {
    /** Moves the cursor to {@code seq} if that is further; returns whether it moved. */
    boolean advance(String user, String conversation, CursorKind kind, long seq);

    /** The cursor's position, 0 when never moved. */
    long get(String user, String conversation, CursorKind kind);

    /**
     * The user wrote message {@code seq}, so has read the conversation up to it. A store whose
     * {@code append} already records that (Redis) does nothing here.
     */
    default void wrote(String user, String conversation, long seq) {
        advance(user, conversation, CursorKind.READ, seq);
    }
}
