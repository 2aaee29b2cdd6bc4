package dev.gatewise.hls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HlsFilesTest {

    private final Path root = Path.of("/srv/hls");
    private final HlsFiles files = new HlsFiles(root);

    @Test
    void playlistsSegmentsAndThumbnailsResolveWithTheirHeaders() {
        assertThat(files.resolve("live1/index.m3u8")).hasValueSatisfying(file -> {
            assertThat(file.path()).isEqualTo(root.resolve("live1/index.m3u8"));
            assertThat(file.kind().contentType()).isEqualTo("application/vnd.apple.mpegurl");
            assertThat(file.kind().cacheControl()).isEqualTo("max-age=1");
        });
        assertThat(files.resolve("/live1/360p/index.m3u8")).hasValueSatisfying(
            file -> assertThat(file.kind()).isEqualTo(HlsFiles.Kind.PLAYLIST));
        assertThat(files.resolve("live1/seg-42.ts")).hasValueSatisfying(file -> {
            assertThat(file.path()).isEqualTo(root.resolve("live1/seg-42.ts"));
            assertThat(file.kind().contentType()).isEqualTo("video/mp2t");
            assertThat(file.kind().cacheControl()).contains("immutable");
        });
        assertThat(files.resolve("live1/src/seg-0.ts")).hasValueSatisfying(
            file -> assertThat(file.path()).isEqualTo(root.resolve("live1/src/seg-0.ts")));
        assertThat(files.resolve("live1/thumb.jpg")).hasValueSatisfying(
            file -> assertThat(file.kind().contentType()).isEqualTo("image/jpeg"));
        assertThat(files.resolve("live1/ts.m3u8")).hasValueSatisfying(file -> {
            assertThat(file.kind()).isEqualTo(HlsFiles.Kind.PLAYLIST);
            assertThat(file.lowLatencyPlaylist()).isFalse();
        });
        assertThat(files.resolve("live1/src/index.m3u8")).hasValueSatisfying(file -> {
            assertThat(file.rendition()).isEqualTo("live1/src");
            assertThat(file.lowLatencyPlaylist()).isTrue();
        });
        for (String mp4 : new String[] {"live1/seg-7.m4s", "live1/init-7.mp4", "live1/360p/part-7-3.m4s"}) {
            assertThat(files.resolve(mp4)).as(mp4).hasValueSatisfying(file -> {
                assertThat(file.kind().contentType()).isEqualTo("video/mp4");
                assertThat(file.kind().cacheControl()).contains("immutable");
            });
        }
        assertThat(files.resolve("live1/360p/part-7-3.m4s")).hasValueSatisfying(file -> {
            assertThat(file.part()).isTrue();
            assertThat(file.rendition()).isEqualTo("live1/360p");
            assertThat(file.name()).isEqualTo("part-7-3.m4s");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "live1", "live1/", "../etc/passwd", "live1/../other/index.m3u8",
        "live1/%2e%2e/index.m3u8", "live1/src/../index.m3u8", "live1/.seg-1.ts.tmp", "live1/seg-1.ts?x=1",
        "live1/360p/thumb.jpg", "live1/a/b/index.m3u8", "live1/seg-x.ts", "live.1/index.m3u8", "live1/index.m3u",
        "live1/SRC/index.m3u8", "live1\\index.m3u8", "//etc/index.m3u8", "live1/seg-1.ts/", "live1/part-1.m4s",
        "live1/init-x.mp4", "live1/seg-1.mp4", "live1/part-1-2.mp4"})
    void anythingElseIsRejected(String path) {
        assertThat(files.resolve(path)).isEmpty();
    }

    @Test
    void streamNamesFollowTheRelaysRule() {
        assertThat(HlsFiles.isValidStreamName("cam_1-b")).isTrue();
        assertThat(HlsFiles.isValidStreamName("a".repeat(65))).isFalse();
        assertThat(HlsFiles.isValidStreamName("..")).isFalse();
        assertThat(HlsFiles.isValidStreamName(null)).isFalse();
    }
}
