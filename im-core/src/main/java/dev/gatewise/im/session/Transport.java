package dev.gatewise.im.session;

import java.util.Locale;

/** How a client is connected; the protocol is the same on both. */
public enum Transport {
    TCP,
    WEBSOCKET;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
