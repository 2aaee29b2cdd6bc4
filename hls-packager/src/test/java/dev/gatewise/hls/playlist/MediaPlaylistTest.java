package dev.gatewise.hls.playlist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaPlaylistTest {

    @Test
    void rendersAWindowWithRealDurationsAndTheLongestSegmentAsTarget() {
        MediaPlaylist playlist = new MediaPlaylist(2, 2, 0);
        playlist.add("seg-0.ts", 2000);
        assertThat(playlist.add("seg-1.ts", 2480)).isEmpty();
        assertThat(playlist.add("seg-2.ts", 1960)).extracting(MediaPlaylist.Entry::uri).containsExactly("seg-0.ts");

        assertThat(playlist.render()).isEqualTo("""
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-TARGETDURATION:3
            #EXT-X-MEDIA-SEQUENCE:1
            #EXTINF:2.480,
            seg-1.ts
            #EXTINF:1.960,
            seg-2.ts
            """);
    }

    @Test
    void aLivePlaylistIsShownOnlyWithThreeSegmentsOrOnceEnded() {
        MediaPlaylist live = new MediaPlaylist(6, 2, 0);
        live.add("seg-0.ts", 2000);
        live.add("seg-1.ts", 2000);
        assertThat(live.publishable()).isFalse();
        live.add("seg-2.ts", 2000);
        assertThat(live.publishable()).isTrue();

        MediaPlaylist shortStream = new MediaPlaylist(6, 2, 0);
        shortStream.add("seg-0.ts", 1500);
        shortStream.end();
        assertThat(shortStream.publishable()).isTrue();
        // A window below three cannot wait for three.
        MediaPlaylist narrow = new MediaPlaylist(2, 2, 0);
        narrow.add("seg-0.ts", 2000);
        narrow.add("seg-1.ts", 2000);
        assertThat(narrow.publishable()).isTrue();
    }

    @Test
    void aFewMillisecondsOverTheTargetDoNotRaiseIt() {
        MediaPlaylist playlist = new MediaPlaylist(6, 2, 0);
        playlist.add("seg-0.ts", 2002);
        assertThat(playlist.targetDuration()).isEqualTo(2);
        assertThat(playlist.render()).contains("#EXTINF:2.002,");
        playlist.add("seg-1.ts", 2051);
        assertThat(playlist.targetDuration()).isEqualTo(3);
    }

    @Test
    void continuingAfterAnEndAddsADiscontinuityCountedOnceItLeavesTheWindow() {
        MediaPlaylist first = new MediaPlaylist(2, 2, 0);
        first.add("seg-0.ts", 2000);
        first.add("seg-1.ts", 2000);
        first.end();
        assertThat(first.render()).endsWith("seg-1.ts\n#EXT-X-ENDLIST\n");

        MediaPlaylist second = MediaPlaylist.continueFrom(first.render(), 2, 2);
        assertThat(second.nextSequence()).isEqualTo(2);
        second.add("seg-2.ts", 2000);
        assertThat(second.render()).contains("#EXT-X-MEDIA-SEQUENCE:1\n").contains(
            "seg-1.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2.000,\nseg-2.ts\n").doesNotContain("ENDLIST");

        second.add("seg-3.ts", 2000);
        assertThat(second.render()).doesNotContain("#EXT-X-DISCONTINUITY-SEQUENCE")
            .contains("#EXT-X-MEDIA-SEQUENCE:2\n#EXT-X-DISCONTINUITY\n#EXTINF:2.000,\nseg-2.ts\n");
        second.add("seg-4.ts", 2000);
        assertThat(second.render()).contains("#EXT-X-MEDIA-SEQUENCE:3\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n")
            .doesNotContain("#EXT-X-DISCONTINUITY\n");

        MediaPlaylist third = MediaPlaylist.continueFrom(second.render(), 2, 2);
        third.add("seg-5.ts", 2000);
        assertThat(third.render()).contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n")
            .contains("seg-4.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2.000,\nseg-5.ts\n");
    }
}
