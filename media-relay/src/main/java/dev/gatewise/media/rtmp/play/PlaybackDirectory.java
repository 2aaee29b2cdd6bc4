package dev.gatewise.media.rtmp.play;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The RTMP playback of each live stream, by stream name, for players to find. */
public final class PlaybackDirectory {
    private final Map<String, PlaybackRelay> relays = new ConcurrentHashMap<>();

    public PlaybackRelay find(String name) {
        return relays.get(name);
    }

    /** Makes a stream's relay findable once its publish is accepted; it leaves by itself when the stream ends. */
    public void register(PlaybackRelay relay) {
        relays.put(relay.name(), relay);
    }

    void unregister(PlaybackRelay relay) {
        relays.remove(relay.name(), relay);
    }
}
