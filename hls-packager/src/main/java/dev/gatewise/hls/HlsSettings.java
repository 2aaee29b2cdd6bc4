package dev.gatewise.hls;

import dev.gatewise.hls.rendition.RungSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The HLS packager's settings, as a JavaBean so the gateway can bind them from its configuration. */
public class HlsSettings {

    /** When classic HLS (MPEG-TS, {@code ts.m3u8}) is made; low-latency HLS over fMP4 always is. */
    public enum Classic {
        /** While players ask for it: from the next segment after a request until {@code classic-idle} after the last. */
        ON_REQUEST,
        /** From every publish's first segment, so a classic player's first request waits no longer than others'. */
        ALWAYS
    }

    private Path root = Path.of("hls");
    private Duration targetDuration = Duration.ofSeconds(2);
    private Duration partTarget = Duration.ofMillis(400);
    private int playlistWindow = 6;
    private int keptSegments = 3;
    private Classic classic = Classic.ON_REQUEST;
    private Duration classicIdle = Duration.ofSeconds(30);
    private List<String> renditions = new ArrayList<>();
    private Duration thumbnailInterval = Duration.ofSeconds(5);
    private int thumbnailWidth = 320;
    private int queueFrames = 500;
    private Duration removeEndedAfter = Duration.ofHours(1);
    private Duration signedUrlTtl = Duration.ofHours(1);

    /** The directory under which each stream gets a directory of its own. */
    public Path getRoot() {
        return root;
    }

    public void setRoot(Path root) {
        this.root = root;
    }

    /** How long a segment lasts at least before it is cut at the next keyframe (whole seconds). */
    public Duration getTargetDuration() {
        return targetDuration;
    }

    public void setTargetDuration(Duration targetDuration) {
        this.targetDuration = targetDuration;
    }

    /**
     * The longest a low-latency partial segment lasts (between 100 ms and half the target duration). Players of
     * low-latency HLS stay three of these behind the live edge ({@code PART-HOLD-BACK}).
     */
    public Duration getPartTarget() {
        return partTarget;
    }

    public void setPartTarget(Duration partTarget) {
        this.partTarget = partTarget;
    }

    /** How many segments a media playlist lists. */
    public int getPlaylistWindow() {
        return playlistWindow;
    }

    public void setPlaylistWindow(int playlistWindow) {
        this.playlistWindow = playlistWindow;
    }

    /** How many segments stay on disk after leaving the window, for players still fetching them. */
    public int getKeptSegments() {
        return keptSegments;
    }

    public void setKeptSegments(int keptSegments) {
        this.keptSegments = keptSegments;
    }

    /**
     * Transcoded renditions, each {@code NAME:WIDTHxHEIGHT:BITRATE} (e.g. {@code 360p:640x360:800k}); none by
     * default. With any, a stream's {@code index.m3u8} is a master playlist over the source and these.
     */
    public List<String> getRenditions() {
        return renditions;
    }

    public void setRenditions(List<String> renditions) {
        this.renditions = renditions;
    }

    /**
     * How old {@code thumb.jpg} may be before a request for it has it made again from the latest keyframe (it is
     * made once from the first, then only on request); zero turns thumbnails off.
     */
    public Duration getThumbnailInterval() {
        return thumbnailInterval;
    }

    public void setThumbnailInterval(Duration thumbnailInterval) {
        this.thumbnailInterval = thumbnailInterval;
    }

    /** The thumbnail's width in pixels; the height keeps the picture's aspect ratio. */
    public int getThumbnailWidth() {
        return thumbnailWidth;
    }

    public void setThumbnailWidth(int thumbnailWidth) {
        this.thumbnailWidth = thumbnailWidth;
    }

    /** How many frames may wait for a stream's or a rendition's worker before frames are dropped. */
    public int getQueueFrames() {
        return queueFrames;
    }

    public void setQueueFrames(int queueFrames) {
        this.queueFrames = queueFrames;
    }

    /**
     * How long a stream's directory stays once nothing is written to it any more (the stream ended, or the gateway
     * stopped while it was live); zero keeps them for ever. A republish within this time continues the playlist.
     */
    public Duration getRemoveEndedAfter() {
        return removeEndedAfter;
    }

    public void setRemoveEndedAfter(Duration removeEndedAfter) {
        this.removeEndedAfter = removeEndedAfter;
    }

    /** How long a signed link to a stream opens it; players renew it from {@code /api/streams}. */
    public Duration getSignedUrlTtl() {
        return signedUrlTtl;
    }

    public void setSignedUrlTtl(Duration signedUrlTtl) {
        this.signedUrlTtl = signedUrlTtl;
    }

    /** The parsed renditions; throws {@link IllegalArgumentException} naming a malformed one. */
    public List<RungSpec> rungs() {
        return renditions.stream().map(RungSpec::parse).toList();
    }

    /** When classic HLS is made. */
    public Classic getClassic() {
        return classic;
    }

    public void setClassic(Classic classic) {
        this.classic = classic;
    }

    /** With classic HLS on request: how long after the last request for it a stream's MPEG-TS stops being made. */
    public Duration getClassicIdle() {
        return classicIdle;
    }

    public void setClassicIdle(Duration classicIdle) {
        this.classicIdle = classicIdle;
    }

    /** Throws {@link IllegalArgumentException} if the settings cannot work. */
    public void validate() {
        if (root == null) {
            throw new IllegalArgumentException("hls root directory is not set");
        }
        if (targetDuration.toMillis() < 1000 || targetDuration.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("hls target duration must be a whole number of seconds");
        }
        if (partTarget.toMillis() < 100 || partTarget.toMillis() * 2 > targetDuration.toMillis()) {
            throw new IllegalArgumentException("hls part target must be between 100 ms and half the target duration");
        }
        if (playlistWindow < 1 || keptSegments < 0 || queueFrames < 1) {
            throw new IllegalArgumentException("hls playlist window and queue must be positive, kept segments not "
                + "negative");
        }
        if (classic == null || classicIdle.compareTo(targetDuration) < 0) {
            throw new IllegalArgumentException("hls classic must be on-request or always, classic-idle at least the "
                + "target duration");
        }
        if (signedUrlTtl.isNegative() || signedUrlTtl.isZero()) {
            throw new IllegalArgumentException("hls signed-url-ttl must be positive");
        }
        if (removeEndedAfter.isNegative()) {
            throw new IllegalArgumentException("hls removal of ended streams must not be negative");
        }
        if (thumbnailInterval.isNegative() || thumbnailWidth < 16) {
            throw new IllegalArgumentException("hls thumbnail interval must not be negative, width at least 16");
        }
        if (rungs().stream().map(RungSpec::name).distinct().count() != renditions.size()) {
            throw new IllegalArgumentException("hls rendition names must differ");
        }
    }
}
