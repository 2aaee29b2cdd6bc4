package dev.gatewise.gateway.media;

import dev.gatewise.media.live.LiveStreamRegistry;
import dev.gatewise.media.rtmp.RtmpServer;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** Up while the RTMP relay listens; reports its port and the streams live on it. */
public class MediaHealthIndicator implements HealthIndicator {
    private final RtmpServer rtmp;
    private final LiveStreamRegistry streams;

    public MediaHealthIndicator(RtmpServer rtmp, LiveStreamRegistry streams) {
        this.rtmp = rtmp;
        this.streams = streams;
    }

    @Override
    public Health health() {
        return Health.up().withDetail("rtmpPort", rtmp.boundPort()).withDetail("liveStreams", streams.size()).build();
    }
}
