package dev.gatewise.im.session;

import java.util.Locale;

/** How a client is connected: the JSON protocol on TCP or WebSocket, or TeamTalk's protocol (its own module). */
public enum Transport {
    TCP,
    WEBSOCKET,
    TEAMTALK;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
