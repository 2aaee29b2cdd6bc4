package dev.gatewise.hls.stream;

import java.util.concurrent.Executor;

/**
 * The shared executors streams run their workers on.
 *
 * @param io remuxing and writing the source rendition (cheap, so a few threads serve many streams)
 * @param transcode the rungs' decoding and encoding: a thread per busy rung
 * @param thumbnails decoding keyframes into thumbnails
 */
public record StreamExecutors(Executor io, Executor transcode, Executor thumbnails) {}
