package dev.gatewise.hls.segment;

import dev.gatewise.hls.codec.AacConfig;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.hls.ts.PacketBuffer;
import dev.gatewise.hls.ts.TsMuxer;
import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.VideoFrame;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Segments as MPEG-TS, each starting with PAT and PMT, handed on whole once complete; only those it is asked to make
 * when they start (classic HLS may be made on request only).
 */
public final class TsSegments implements SegmentFormat {

    private final PacketBuffer buffer = new PacketBuffer();
    private final TsMuxer muxer = new TsMuxer(buffer);
    private final BooleanSupplier makeNext;
    private final Consumer<Segment> output;
    private boolean making;
    private boolean tablesPending;
    private long start;

    /**
     * @param makeNext asked as each segment starts whether to make it
     * @param output receives each finished segment, on the caller's thread
     */
    public TsSegments(BooleanSupplier makeNext, Consumer<Segment> output) {
        this.makeNext = makeNext;
        this.output = output;
    }

    @Override
    public void videoConfig(AvcConfig config) {
        muxer.setVideo(config);
        tablesPending = true;
    }

    @Override
    public void audioConfig(AacConfig config) {
        muxer.setAudio(config);
        tablesPending = true;
    }

    @Override
    public void open(long startMillis) {
        start = startMillis;
        tablesPending = true;
        making = makeNext.getAsBoolean();
    }

    @Override
    public void video(VideoFrame frame) {
        if (!making) {
            return;
        }
        writeTablesIfPending();
        muxer.writeVideo(frame.dts(), frame.pts(), frame.keyframe(), frame.avcc());
    }

    @Override
    public void audio(AudioFrame frame) {
        if (!making) {
            return;
        }
        writeTablesIfPending();
        muxer.writeAudio(frame.dts(), frame.aac());
    }

    @Override
    public void close(long durationMillis, long nextDts) {
        if (!making) {
            return;
        }
        output.accept(new Segment(buffer.take(), start, durationMillis));
    }

    private void writeTablesIfPending() {
        if (tablesPending) {
            muxer.writeTables();
            tablesPending = false;
        }
    }
}
