package dev.gatewise.media.stream;

/**
 * One AAC access unit as the publisher sent it.
 *
 * @param dts time in milliseconds since the stream started, on the same clock as {@link VideoFrame#dts()}
 * @param aac the raw AAC frame, without an ADTS header
 */
public record AudioFrame(long dts, byte[] aac) {}
