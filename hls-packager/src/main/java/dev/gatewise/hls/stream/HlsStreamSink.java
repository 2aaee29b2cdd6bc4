package dev.gatewise.hls.stream;

import dev.gatewise.hls.HlsMetrics;
import dev.gatewise.hls.HlsSettings;
import dev.gatewise.hls.codec.AacConfig;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.hls.codec.Sps;
import dev.gatewise.hls.disk.FileWrites;
import dev.gatewise.hls.exec.OrderedWorker;
import dev.gatewise.hls.live.LivePlaylists;
import dev.gatewise.hls.playlist.MasterPlaylist;
import dev.gatewise.hls.playlist.Variant;
import dev.gatewise.hls.rendition.RungSpec;
import dev.gatewise.hls.rendition.TranscodedRendition;
import dev.gatewise.hls.segment.ReceiptClock;
import dev.gatewise.hls.segment.Rendition;
import dev.gatewise.hls.segment.RenditionOutput;
import dev.gatewise.hls.segment.SourceRendition;
import dev.gatewise.hls.thumbnail.LiveThumbnails;
import dev.gatewise.hls.thumbnail.Thumbnailer;
import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.LiveStream;
import dev.gatewise.media.stream.StreamSink;
import dev.gatewise.media.stream.VideoFrame;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One published stream turned into HLS under {@code ROOT/STREAM/}. Runs on the publisher's event loop: the source
 * rendition is muxed right there (cheap, and no hand-off per frame), its files written by its own writer on the I/O
 * executor (its worker there also opens it, and takes the frames while it is behind); each rung goes to its own
 * worker on the transcode executor (created at the first video configuration, once the source's size is known: each rung's size is fitted
 * to the source's aspect ratio, and rungs not smaller than the source are left out), keyframes to the thumbnailer.
 *
 * <p>Without rungs configured the source's media playlist is {@code ROOT/STREAM/index.m3u8}; with rungs that name is
 * the master playlist, and the source goes to {@code src/}, each rung to a directory named after it.
 */
public final class HlsStreamSink implements StreamSink {

    private static final Logger log = LoggerFactory.getLogger(HlsStreamSink.class);
    private static final int DEFAULT_FRAME_RATE = 30;
    // About ten segments' worth of files and playlists, 20 s of a stream, before a stalled disk fails the rendition.
    private static final int FILE_OPERATIONS_BEHIND = 64;

    private final LiveStream stream;
    private final HlsSettings settings;
    private final StreamExecutors executors;
    private final HlsMetrics metrics;
    private final CompletionStage<?> previous;
    private final LivePlaylists live;
    private final ReceiptClock received = new ReceiptClock();
    private final Path directory;
    private final List<RungSpec> rungSpecs;
    private final MasterPlaylist master;
    private final FileWrites sourceFiles;
    private final RenditionTrack source;
    private final List<RenditionTrack> rungs = new ArrayList<>();
    private final Thumbnailer thumbnailer;
    private final LiveThumbnails thumbnails;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final long epochSecond;
    private final long startedNanos = System.nanoTime();
    private AvcConfig video;
    private AacConfig audio;
    private int framesPerSecond = DEFAULT_FRAME_RATE;
    // What the publisher's metadata says it sends; read by the source's worker when it reports its variant.
    private volatile long declaredBitsPerSecond;
    private boolean rungsStarted;

    /**
     * @param previous completes when the previous publish of the same name has finished writing; this one waits for
     *     it before touching the playlists
     * @param clock gives the sequence number the source's playlist starts from when there is none to continue: the
     *     current epoch second, so that segment names never repeat even after the stream's directory has been
     *     removed (segments are served as immutable). A rung without a playlist to continue starts where the source
     *     starts this publish, so that their segments match by number.
     */
    public HlsStreamSink(LiveStream stream, HlsSettings settings, StreamExecutors executors, HlsMetrics metrics,
        CompletionStage<?> previous, Clock clock, LivePlaylists live, LiveThumbnails thumbnails) {
        this.stream = stream;
        this.live = live;
        this.thumbnails = thumbnails;
        this.epochSecond = clock.instant().getEpochSecond();
        this.settings = settings;
        this.executors = executors;
        this.metrics = metrics;
        this.previous = previous;
        this.directory = settings.getRoot().resolve(stream.name());
        this.rungSpecs = settings.rungs();
        long target = settings.getTargetDuration().toMillis();
        sourceFiles = new FileWrites("stream " + stream.name() + ", rendition src",
            new OrderedWorker(executors.io(), Integer.MAX_VALUE, CompletableFuture.completedFuture(null))::submit,
            FILE_OPERATIONS_BEHIND);
        if (rungSpecs.isEmpty()) {
            master = null;
            source = track(new SourceRendition(RenditionOutput.PLAYLIST, target,
                output(null, sourceFiles, () -> epochSecond, HlsMetrics.Stage.SOURCE), variant -> { }),
                executors.io(), true, HlsMetrics.Stage.SOURCE, previous);
        } else {
            master = new MasterPlaylist(directory, RungSpec.SOURCE_NAME + "/" + RenditionOutput.PLAYLIST);
            source = track(new SourceRendition(RungSpec.SOURCE_NAME + "/" + RenditionOutput.PLAYLIST, target,
                output(RungSpec.SOURCE_NAME, sourceFiles, () -> epochSecond, HlsMetrics.Stage.SOURCE),
                this::sourceReady), executors.io(), true, HlsMetrics.Stage.SOURCE, previous);
        }
        long thumbnailInterval = settings.getThumbnailInterval().toMillis();
        thumbnailer = thumbnailInterval == 0 ? null : new Thumbnailer(stream.name(),
            directory.resolve(Thumbnailer.FILE), settings.getThumbnailWidth(), thumbnailInterval,
            new OrderedWorker(executors.thumbnails(), 1, CompletableFuture.completedFuture(null)), metrics,
            clock::millis);
        if (thumbnailer != null) {
            thumbnails.open(stream.name(), thumbnailer);
        }
        log.info("HLS stream {} started by {}{}", stream.name(), stream.publisher(),
            rungSpecs.isEmpty() ? "" : ", renditions " + settings.getRenditions());
    }

    /** Completes when every rendition has written its last segment and ended its playlist. */
    public CompletableFuture<Void> finished() {
        return finished;
    }

    @Override
    public void onMetadata(Map<String, Object> metadata) {
        Object rate = metadata.getOrDefault("framerate", metadata.get("fps"));
        if (rate instanceof Number number && number.doubleValue() >= 1 && number.doubleValue() <= 240) {
            framesPerSecond = (int) Math.round(number.doubleValue());
        }
        // In kbit/s. A first segment can be far below the stream's real peak, so the master announces the larger.
        Object videoRate = metadata.get("videodatarate");
        Object audioRate = metadata.get("audiodatarate");
        if (videoRate instanceof Number video && video.doubleValue() >= 0) {
            double audioKbps = audioRate instanceof Number a && a.doubleValue() >= 0 ? a.doubleValue() : 0;
            declaredBitsPerSecond = Math.round((video.doubleValue() + audioKbps) * 1000);
        }
    }

    @Override
    public void onVideoConfig(byte[] avcDecoderConfigurationRecord) {
        AvcConfig config;
        try {
            config = AvcConfig.parse(avcDecoderConfigurationRecord);
            // Parsed now so that an unreadable SPS is refused here rather than failing the master playlist later.
            config.pictureSize();
        } catch (IllegalArgumentException e) {
            log.warn("HLS stream {}: ignoring a video configuration it cannot read: {}", stream.name(),
                e.getMessage());
            return;
        }
        video = config;
        source.videoConfig(config);
        if (!rungsStarted) {
            rungsStarted = true;
            startRungs(config);
        }
        rungs.forEach(rung -> rung.videoConfig(config));
    }

    @Override
    public void onAudioConfig(byte[] audioSpecificConfig) {
        AacConfig config;
        try {
            config = AacConfig.parse(audioSpecificConfig);
        } catch (IllegalArgumentException e) {
            log.warn("HLS stream {}: ignoring an audio configuration it cannot read: {}", stream.name(),
                e.getMessage());
            return;
        }
        audio = config;
        source.audioConfig(config);
        rungs.forEach(rung -> rung.audioConfig(config));
    }

    @Override
    public void onVideo(VideoFrame frame) {
        if (frame.keyframe()) {
            received.keyframe(frame.pts(), System.currentTimeMillis());
        }
        source.video(frame);
        rungs.forEach(rung -> rung.video(frame));
        if (thumbnailer != null) {
            thumbnailer.video(video, frame);
        }
    }

    @Override
    public void onAudio(AudioFrame frame) {
        if (video == null) {
            received.audio(frame.dts(), System.currentTimeMillis());
        }
        source.audio(frame);
        rungs.forEach(rung -> rung.audio(frame));
    }

    @Override
    public void onEnd(boolean clean) {
        if (thumbnailer != null) {
            thumbnails.close(stream.name(), thumbnailer);
        }
        List<CompletableFuture<Void>> ends = new ArrayList<>();
        ends.add(source.end());
        rungs.forEach(rung -> ends.add(rung.end()));
        CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new)).whenComplete((ignored, error) -> {
            RenditionOutput output = source.rendition().output();
            long dropped = source.dropped() + rungs.stream().mapToLong(RenditionTrack::dropped).sum();
            log.info("HLS stream {} ended ({}): {} segments, {} s of media in {} s, {} frames dropped", stream.name(),
                clean ? "unpublished" : "publisher gone", output.segments(),
                String.format(Locale.ROOT, "%.1f", output.durationMillis() / 1000.0),
                (System.nanoTime() - startedNanos) / 1_000_000_000, dropped);
            finished.complete(null);
        });
    }

    @Override
    public String toString() {
        return "HLS sink of stream " + stream.name();
    }

    private void startRungs(AvcConfig config) {
        Sps.Size picture = config.pictureSize();
        for (RungSpec spec : rungSpecs) {
            Optional<Sps.Size> size = spec.fit(picture);
            if (size.isEmpty()) {
                log.info("HLS stream {}: no rendition {}, the {}x{} source is not larger", stream.name(),
                    spec.name(), picture.width(), picture.height());
                continue;
            }
            RenditionOutput sourceOutput = source.rendition().output();
            Rendition rendition = new TranscodedRendition(spec, size.get(), settings.getTargetDuration().toMillis(),
                framesPerSecond, metrics, output(spec.name(),
                FileWrites.onCaller("stream " + stream.name() + ", rendition " + spec.name()),
                sourceOutput::startSequence, HlsMetrics.Stage.RENDITION), master::ready);
            // After the source has opened, so that its start sequence is known.
            RenditionTrack rung = track(rendition, executors.transcode(), false, HlsMetrics.Stage.RENDITION,
                source.opened());
            if (audio != null) {
                rung.audioConfig(audio);
            }
            rungs.add(rung);
        }
    }

    /** @param inline whether its frames may be muxed on the publisher's event loop */
    private RenditionTrack track(Rendition rendition, Executor executor, boolean inline, HlsMetrics.Stage stage,
        CompletionStage<?> gate) {
        OrderedWorker worker = new OrderedWorker(executor, settings.getQueueFrames(), gate);
        return new RenditionTrack(stream.name(), rendition, worker, inline, metrics, stage);
    }

    /** @param rendition the rendition's directory below the stream's, or null for the stream's own */
    private Function<LongConsumer, RenditionOutput> output(String rendition, FileWrites files,
        LongSupplier firstSequence, HlsMetrics.Stage stage) {
        Path renditionDirectory = rendition == null ? directory : directory.resolve(rendition);
        return firstSegment -> new RenditionOutput(
            new RenditionOutput.Place(renditionDirectory, stream.name(), rendition), files,
            settings.getPlaylistWindow(),
            settings.getKeptSegments(), (int) settings.getTargetDuration().toSeconds(),
            settings.getPartTarget().toMillis(),
            new RenditionOutput.ClassicPolicy(settings.getClassic(), settings.getClassicIdle()), firstSequence,
            received, live, metrics, stage, firstSegment);
    }

    private void sourceReady(Variant variant) {
        // Called where the source is muxed, the event loop: the master playlist is written by the source's writer.
        sourceFiles.run(() -> master.ready(variant.withBandwidthAtLeast(declaredBitsPerSecond)));
    }
}
