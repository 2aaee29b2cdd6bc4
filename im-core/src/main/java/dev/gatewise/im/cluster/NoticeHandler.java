package dev.gatewise.im.cluster;

import dev.gatewise.im.delivery.LocalFanout;
import dev.gatewise.im.presence.PresenceService;
import dev.gatewise.im.protocol.EncodedFrame;
import dev.gatewise.im.session.SessionWatches;
import dev.gatewise.im.store.Notices;
import java.util.List;

/**
 * Acts on notices from other nodes: pushes to this node's connections, presence to its watchers, ended sessions to
 * what rides on them here.
 */
public final class NoticeHandler implements Notices.Handler {

    private final LocalFanout local;
    private final PresenceService presence;
    private final SessionNotices sessions;

    public NoticeHandler(LocalFanout local, PresenceService presence, SessionWatches sessions) {
        this.local = local;
        this.presence = presence;
        this.sessions = new SessionNotices(sessions);
    }

    @Override
    public void frame(List<String> users, byte[] json) {
        local.toUsers(users, new EncodedFrame(json), null, 0);
    }

    @Override
    public void deviceFrame(String user, String device, byte[] json) {
        local.pushToDevice(user, device, new EncodedFrame(json));
    }

    @Override
    public void presence(String user, String status, long ts) {
        presence.notifyWatchers(user, status, ts);
    }

    @Override
    public void sessionsEnded(List<String> tokenHashes, String why) {
        sessions.sessionsEnded(tokenHashes, why);
    }
}
