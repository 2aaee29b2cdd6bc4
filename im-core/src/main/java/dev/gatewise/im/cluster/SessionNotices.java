package dev.gatewise.im.cluster;

import dev.gatewise.access.SessionEnd;
import dev.gatewise.im.session.SessionWatches;
import dev.gatewise.im.store.Notices;
import java.util.List;

/**
 * The notices a node without the chat role acts on: sessions that ended on another node, whose uploads and
 * publishes here are closed. The rest (pushes, presence) is for chat nodes ({@link NoticeHandler}).
 */
public final class SessionNotices implements Notices.Handler {

    private final SessionWatches sessions;

    public SessionNotices(SessionWatches sessions) {
        this.sessions = sessions;
    }

    @Override
    public void sessionsEnded(List<String> tokenHashes, String why) {
        SessionEnd end = SessionEnd.valueOf(why);
        tokenHashes.forEach(hash -> sessions.end(hash, end));
    }

    @Override
    public void frame(List<String> users, byte[] json) {
        // No chat connections on this node.
    }

    @Override
    public void deviceFrame(String user, String device, byte[] json) {
        // No chat connections on this node.
    }

    @Override
    public void presence(String user, String status, long ts) {
        // No presence watchers on this node.
    }
}
