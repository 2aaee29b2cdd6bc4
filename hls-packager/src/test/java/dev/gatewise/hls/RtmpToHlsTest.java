package dev.gatewise.hls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.media.live.LiveStreamRegistry;
import dev.gatewise.media.rtmp.RtmpServer;
import dev.gatewise.media.rtmp.RtmpSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packager behind the real RTMP relay, wired as the gateway wires it, fed by ffmpeg publishing over RTMP. */
class RtmpToHlsTest {

    @TempDir
    Path root;

    private final MultiThreadIoEventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final MultiThreadIoEventLoopGroup io = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private RtmpServer rtmp;
    private HlsPackager hls;

    @AfterEach
    void stop() {
        rtmp.stop();
        hls.close();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aStreamPublishedOverRtmpBecomesHls() {
        HlsSettings settings = new HlsSettings();
        settings.setRoot(root);
        settings.setClassic(HlsSettings.Classic.ALWAYS);
        settings.setQueueFrames(100_000);
        settings.setThumbnailWidth(160);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        hls = new HlsPackager(settings, meters);
        LiveStreamRegistry streams = new LiveStreamRegistry();
        streams.addSinkFactory(hls);
        RtmpSettings rtmpSettings = new RtmpSettings();
        rtmpSettings.setHost("127.0.0.1");
        rtmpSettings.setPort(0);
        rtmp = new RtmpServer(rtmpSettings, streams, (name, query) -> CompletableFuture.completedFuture("alice"),
            null);
        rtmp.start(boss, io);

        Processes.run(List.of("ffmpeg", "-v", "error", "-i", TestMedia.video(640, 360, 9).toString(), "-c", "copy",
            "-f", "flv", "rtmp://127.0.0.1:" + rtmp.boundPort() + "/live/cam1?token=t"));

        Path playlist = root.resolve("cam1/ts.m3u8");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(
            () -> Files.exists(playlist) && Playlist.read(playlist).ended());
        Playlist media = Playlist.read(playlist);
        assertThat(media.uris()).hasSize(5);
        for (String uri : media.uris()) {
            Probe probe = Probe.of(root.resolve("cam1").resolve(uri));
            assertThat(probe.codecs()).containsExactlyInAnyOrder("h264", "aac");
            assertThat(probe.video().width()).isEqualTo(640);
        }
        assertThat(meters.get("gatewise.hls.segments").tag("stage", "source").counter().count()).isEqualTo(5);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> meters.get("gatewise.hls.streams").gauge().value() == 0);
        assertThat(hls.files().resolve("cam1/thumb.jpg")).hasValueSatisfying(
            file -> assertThat(file.path()).exists());
    }
}
