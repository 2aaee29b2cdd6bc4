package dev.gatewise.hls.segment;

import dev.gatewise.hls.codec.AacConfig;
import dev.gatewise.hls.codec.AvcConfig;
import dev.gatewise.hls.ts.PacketBuffer;
import dev.gatewise.hls.ts.TsMuxer;
import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.VideoFrame;
import java.util.function.Consumer;

/** Segments as MPEG-TS, each starting with PAT and PMT, handed on whole once complete. */
public final class TsSegments implements SegmentFormat {

    private final PacketBuffer buffer = new PacketBuffer();
    private final TsMuxer muxer = new TsMuxer(buffer);
    private final Consumer<Segment> output;
    private boolean tablesPending;
    private long start;

    /** @param output receives each finished segment, on the caller's thread */
    public TsSegments(Consumer<Segment> output) {
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
    }

    @Override
    public void video(VideoFrame frame) {
        writeTablesIfPending();
        muxer.writeVideo(frame.dts(), frame.pts(), frame.keyframe(), frame.avcc());
    }

    @Override
    public void audio(AudioFrame frame) {
        writeTablesIfPending();
        muxer.writeAudio(frame.dts(), frame.aac());
    }

    @Override
    public void close(long durationMillis, long nextDts) {
        int size = buffer.size();
        output.accept(new Segment(buffer.take(), size, start, durationMillis));
    }

    private void writeTablesIfPending() {
        if (tablesPending) {
            muxer.writeTables();
            tablesPending = false;
        }
    }
}
