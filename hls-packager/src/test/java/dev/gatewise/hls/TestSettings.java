package dev.gatewise.hls;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Packager settings for tests: files under {@code root}, no dropped frames however fast a test feeds, no thumbnails,
 * and classic HLS made always, so a test reads both formats without asking for them first.
 */
final class TestSettings {

    private TestSettings() {}

    static HlsSettings under(Path root) {
        HlsSettings settings = new HlsSettings();
        settings.setRoot(root);
        settings.setQueueFrames(100_000);
        settings.setThumbnailInterval(Duration.ZERO);
        settings.setClassic(HlsSettings.Classic.ALWAYS);
        return settings;
    }
}
