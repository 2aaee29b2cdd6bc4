package dev.gatewise.hls.playlist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The low-latency playlist's tags, part numbering, blocking-reload rules, delta updates and reports. */
class LowLatencyPlaylistTest {

    private static final long T0 = 1_764_619_200_000L; // 2025-12-01T20:00:00Z

    private static LowLatencyPlaylist playlist(int window) {
        return new LowLatencyPlaylist(new MediaPlaylist(window, 2, 100), 400);
    }

    /** A segment of five 400 ms parts (the first independent), starting at T0 + 2 s per segment. */
    private static void segment(LowLatencyPlaylist playlist, int partsToWrite, boolean end) {
        long sequence = playlist.openSequence();
        playlist.startSegment(T0 + (sequence - 100) * 2000);
        for (int i = 0; i < partsToWrite; i++) {
            playlist.addPart(new LowLatencyPlaylist.Part(LowLatencyPlaylist.partName(sequence, i), 400, i == 0));
        }
        if (end) {
            playlist.endSegment(LowLatencyPlaylist.segmentName(sequence), 2000);
        }
    }

    /** A ten-segment window listing segments 100 to 108 and segment 109 open with {@code openParts} parts. */
    private static LowLatencyPlaylist nineSegmentsAndAnOpenOne(int openParts) {
        LowLatencyPlaylist playlist = playlist(10);
        playlist.map("init-100.mp4");
        for (int i = 0; i < 9; i++) {
            segment(playlist, 5, true);
        }
        segment(playlist, openParts, false);
        return playlist;
    }

    @Test
    void listsSegmentsWithMapDatesAndPartsOfTheLastTwoThenTheOpenPartsAndAHint() {
        LowLatencyPlaylist playlist = playlist(6);
        playlist.map("init-100.mp4");
        segment(playlist, 5, true);
        segment(playlist, 5, true);
        segment(playlist, 5, true);
        segment(playlist, 2, false);

        assertThat(playlist.render(false, true)).isEqualTo("""
            #EXTM3U
            #EXT-X-VERSION:9
            #EXT-X-TARGETDURATION:2
            #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12.000,PART-HOLD-BACK=1.200
            #EXT-X-PART-INF:PART-TARGET=0.400
            #EXT-X-MEDIA-SEQUENCE:100
            #EXT-X-MAP:URI="init-100.mp4"
            #EXT-X-PROGRAM-DATE-TIME:2025-12-01T20:00:00Z
            #EXTINF:2.000,
            seg-100.m4s
            #EXT-X-PROGRAM-DATE-TIME:2025-12-01T20:00:02Z
            #EXT-X-PART:DURATION=0.400,URI="part-101-0.m4s",INDEPENDENT=YES
            #EXT-X-PART:DURATION=0.400,URI="part-101-1.m4s"
            #EXT-X-PART:DURATION=0.400,URI="part-101-2.m4s"
            #EXT-X-PART:DURATION=0.400,URI="part-101-3.m4s"
            #EXT-X-PART:DURATION=0.400,URI="part-101-4.m4s"
            #EXTINF:2.000,
            seg-101.m4s
            #EXT-X-PROGRAM-DATE-TIME:2025-12-01T20:00:04Z
            #EXT-X-PART:DURATION=0.400,URI="part-102-0.m4s",INDEPENDENT=YES
            #EXT-X-PART:DURATION=0.400,URI="part-102-1.m4s"
            #EXT-X-PART:DURATION=0.400,URI="part-102-2.m4s"
            #EXT-X-PART:DURATION=0.400,URI="part-102-3.m4s"
            #EXT-X-PART:DURATION=0.400,URI="part-102-4.m4s"
            #EXTINF:2.000,
            seg-102.m4s
            #EXT-X-PROGRAM-DATE-TIME:2025-12-01T20:00:06Z
            #EXT-X-PART:DURATION=0.400,URI="part-103-0.m4s",INDEPENDENT=YES
            #EXT-X-PART:DURATION=0.400,URI="part-103-1.m4s"
            #EXT-X-PRELOAD-HINT:TYPE=PART,URI="part-103-2.m4s"
            """);
        // The copy on disk: whole segments only, nothing a plain file server could not honour.
        assertThat(playlist.render(false, false)).doesNotContain("PART", "SERVER-CONTROL", "PRELOAD-HINT")
            .contains("#EXT-X-VERSION:9", "seg-102.m4s");
    }

    @Test
    void blockingRequestsAreSatisfiedByThePartOrAnythingLater() {
        LowLatencyPlaylist playlist = playlist(6);
        segment(playlist, 5, true);
        segment(playlist, 2, false);
        LowLatencyPlaylist.Position at = playlist.position();
        assertThat(at).isEqualTo(new LowLatencyPlaylist.Position(101, 2, 5, false));

        assertThat(at.satisfies(101, 1)).isTrue();
        assertThat(at.satisfies(101, 2)).isFalse();
        assertThat(at.satisfies(100, 4)).isTrue();
        // Past the last part of a complete segment: the next segment's first part, which exists.
        assertThat(at.satisfies(100, 5)).isTrue();
        assertThat(at.satisfies(100, -1)).isTrue();
        assertThat(at.satisfies(101, -1)).isFalse();
        assertThat(at.satisfies(102, 0)).isFalse();

        // Far ahead: more than two segments after the last complete one, or more than 3 s of parts ahead.
        assertThat(at.tooFarAhead(102, 0, 400)).isFalse();
        assertThat(at.tooFarAhead(103, 0, 400)).isTrue();
        assertThat(at.tooFarAhead(101, 9, 400)).isFalse();
        assertThat(at.tooFarAhead(101, 10, 400)).isTrue();
        assertThat(at.tooFarAhead(102, 8, 400)).isTrue();

        playlist.endSegment(LowLatencyPlaylist.segmentName(101), 800);
        playlist.end();
        assertThat(playlist.position().satisfies(500, 3)).isTrue();
        assertThat(playlist.render(false, true)).endsWith("seg-101.m4s\n#EXT-X-ENDLIST\n").doesNotContain(
            "EXT-X-PART:", "PRELOAD-HINT");
    }

    @Test
    void aDeltaUpdateSkipsWhatStartsMoreThanSixTargetDurationsBeforeTheEnd() {
        LowLatencyPlaylist playlist = nineSegmentsAndAnOpenOne(1);
        // 18.4 s listed: segments starting 12 s or more before the end are 100 to 103 (103 starts 12.4 s before).
        String delta = playlist.render(true, true);
        assertThat(delta).contains("#EXT-X-MEDIA-SEQUENCE:100\n", "#EXT-X-SKIP:SKIPPED-SEGMENTS=4\n")
            .doesNotContain("seg-103.m4s").contains("seg-104.m4s");
        // The map in force is repeated after the skip, as is each segment's date.
        assertThat(delta.indexOf("#EXT-X-MAP:URI=\"init-100.mp4\"")).isLessThan(delta.indexOf("seg-104.m4s"));
        assertThat(playlist.render(false, true)).contains("seg-100.m4s").doesNotContain("EXT-X-SKIP");
    }

    @Test
    void contentsRenderWhatThePlaylistListedWhenTakenWhateverItListsSince() {
        LowLatencyPlaylist playlist = nineSegmentsAndAnOpenOne(2);
        String full = playlist.render(false, true);
        String delta = playlist.render(true, true);
        LowLatencyPlaylist.Contents taken = playlist.contents();

        // The open segment gets parts and ends, others follow with a new map, segments leave the window, it ends.
        playlist.addPart(new LowLatencyPlaylist.Part(LowLatencyPlaylist.partName(109, 2), 400, false));
        playlist.endSegment(LowLatencyPlaylist.segmentName(109), 1200);
        playlist.map("init-110.mp4");
        segment(playlist, 5, true);
        segment(playlist, 3, false);
        assertThat(playlist.render(false, true)).isNotEqualTo(full);
        assertThat(taken.delta()).isEqualTo(delta).isNotEqualTo(full).isSameAs(taken.delta());
        playlist.end();
        assertThat(taken.full()).isEqualTo(full).isSameAs(taken.full());

        // With nothing to skip, the delta update is the full text itself.
        LowLatencyPlaylist few = playlist(10);
        segment(few, 5, true);
        LowLatencyPlaylist.Contents oneSegment = few.contents();
        assertThat(oneSegment.delta()).isSameAs(oneSegment.full()).isEqualTo(few.render(true, true));
    }

    @Test
    void aRepublishContinuesBehindADiscontinuityWithItsOwnMap() {
        LowLatencyPlaylist first = playlist(6);
        first.map("init-100.mp4");
        segment(first, 5, true);
        first.end();
        LowLatencyPlaylist next = new LowLatencyPlaylist(
            MediaPlaylist.continueFrom(first.render(false, false), 6, 2), 400);
        next.map("init-101.mp4");
        segment(next, 1, false);

        String text = next.render(false, true);
        assertThat(text).contains("""
            #EXT-X-MAP:URI="init-100.mp4"
            #EXT-X-PROGRAM-DATE-TIME:2025-12-01T20:00:00Z
            #EXTINF:2.000,
            seg-100.m4s
            #EXT-X-DISCONTINUITY
            #EXT-X-MAP:URI="init-101.mp4"
            #EXT-X-PROGRAM-DATE-TIME:2025-12-01T20:00:02Z
            #EXT-X-PART:DURATION=0.400,URI="part-101-0.m4s",INDEPENDENT=YES
            """);
    }

    @Test
    void renditionReportsNameTheLastPart() {
        assertThat(new LowLatencyPlaylist.Position(101, 2, 5, false).report("../360p/index.m3u8"))
            .isEqualTo("#EXT-X-RENDITION-REPORT:URI=\"../360p/index.m3u8\",LAST-MSN=101,LAST-PART=1\n");
        assertThat(new LowLatencyPlaylist.Position(101, 0, 5, false).report("../src/index.m3u8"))
            .isEqualTo("#EXT-X-RENDITION-REPORT:URI=\"../src/index.m3u8\",LAST-MSN=100,LAST-PART=4\n");
    }
}
