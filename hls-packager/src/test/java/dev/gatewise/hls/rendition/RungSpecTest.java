package dev.gatewise.hls.rendition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatewise.hls.codec.Sps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RungSpecTest {

    private final RungSpec rung = RungSpec.parse("360p:640x360:800k");

    @Test
    void parsesNameSizeAndBitRate() {
        assertThat(rung).isEqualTo(new RungSpec("360p", 640, 360, 800_000));
        assertThat(RungSpec.parse(" 1080p:1920x1080:4M ").bitsPerSecond()).isEqualTo(4_000_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"360p", "360p:640x360", "src:640x360:800k", "360p:641x360:800k", "../x:640x360:1k",
        "360P:640x360:800k", "360p:640x360:800g"})
    void refusesWhatItCannotUse(String text) {
        assertThatThrownBy(() -> RungSpec.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fitsTheSourceAspectRatioIntoItsBoxUprightForPortraitSources() {
        assertThat(rung.fit(new Sps.Size(1280, 720))).contains(new Sps.Size(640, 360));
        assertThat(rung.fit(new Sps.Size(1440, 1080))).contains(new Sps.Size(480, 360));
        assertThat(rung.fit(new Sps.Size(720, 1280))).contains(new Sps.Size(360, 640));
        assertThat(rung.fit(new Sps.Size(1920, 800))).contains(new Sps.Size(640, 266));
        assertThat(rung.fit(new Sps.Size(640, 360))).isEmpty();
        assertThat(rung.fit(new Sps.Size(480, 270))).isEmpty();
    }
}
