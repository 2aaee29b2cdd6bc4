package dev.gatewise.im.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The notices between nodes read back as written, bundled or not; a damaged bundle is refused. */
class NoticesTest {
    private final List<String> seen = new ArrayList<>();
    private final Notices.Handler handler = new Notices.Handler() {
        @Override
        public void frame(List<String> users, byte[] json) {
            seen.add("frame " + users + " " + new String(json, StandardCharsets.UTF_8));
        }

        @Override
        public void deviceFrame(String user, String device, byte[] json) {
            seen.add("device " + user + "/" + device + " " + new String(json, StandardCharsets.UTF_8));
        }

        @Override
        public void presence(String user, String status, long ts) {
            seen.add("presence " + user + " " + status + " " + ts);
        }

        @Override
        public void sessionsEnded(List<String> tokenHashes, String why) {
            seen.add("ended " + tokenHashes + " " + why);
        }
    };

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBundleIsReadAsItsNoticesInOrder() {
        byte[] bundle = Notices.bundle(List.of(Notices.frame(List.of("bob", "carol"), json("{\"a\":1}")),
                Notices.presence("bob", "online", 42), Notices.deviceFrame("bob", "phone", json("{\"b\":2}")),
                Notices.sessionsEnded(List.of("h1", "h2"), "LOGGED_OUT"), Notices.frame(List.of("dave"), json("{}"))));
        Notices.read(bundle, handler);
        assertThat(seen).containsExactly("frame [bob, carol] {\"a\":1}", "presence bob online 42",
                "device bob/phone {\"b\":2}", "ended [h1, h2] LOGGED_OUT", "frame [dave] {}");
    }

    @Test
    void aBundleOfOneIsTheNoticeItself() {
        byte[] notice = Notices.presence("bob", "away", 7);
        assertThat(Notices.bundle(List.of(notice))).isSameAs(notice);
    }

    @Test
    void aCutBundleOrABundleInABundleIsRefused() {
        byte[] bundle = Notices.bundle(List.of(Notices.presence("a", "online", 1), Notices.presence("b", "online", 2)));
        assertThatThrownBy(() -> Notices.read(Arrays.copyOf(bundle, bundle.length - 3), handler))
                .isInstanceOf(RuntimeException.class);
        byte[] nested = Notices.bundle(List.of(bundle, bundle));
        assertThatThrownBy(() -> Notices.read(nested, handler)).isInstanceOf(IllegalArgumentException.class);
    }
}
