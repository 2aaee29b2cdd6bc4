package dev.gatewise.hls.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

/** Turns FFmpeg's negative return codes into exceptions that say what failed. */
final class FFmpegCalls {

    /** AVERROR(EAGAIN) on Linux, the only platform we ship natives for: "feed more input" / "read output first". */
    static final int EAGAIN = -11;

    private FFmpegCalls() {}

    static int check(int result, String what) {
        if (result < 0) {
            byte[] message = new byte[256];
            av_strerror(result, message, message.length);
            int end = 0;
            while (end < message.length && message[end] != 0) {
                end++;
            }
            throw new IllegalStateException(what + " failed: " + new String(message, 0, end));
        }
        return result;
    }
}
