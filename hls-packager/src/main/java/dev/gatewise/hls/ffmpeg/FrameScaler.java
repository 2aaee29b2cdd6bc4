package dev.gatewise.hls.ffmpeg;

import static dev.gatewise.hls.ffmpeg.FFmpegCalls.check;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale_frame;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.ffmpeg.swscale.SwsFilter;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Scales and converts pictures to one size and pixel format with libswscale, into a frame it reuses. Follows the
 * input if its size or format changes. Not thread-safe; {@link #close()} frees the native state.
 */
public final class FrameScaler implements AutoCloseable {

    private final int width;
    private final int height;
    private final int format;
    private final AVFrame output;
    private SwsContext context;
    private int sourceWidth;
    private int sourceHeight;
    private int sourceFormat = -1;

    public FrameScaler(int width, int height, int pixelFormat) {
        this.width = width;
        this.height = height;
        this.format = pixelFormat;
        output = av_frame_alloc();
        output.width(width);
        output.height(height);
        output.format(pixelFormat);
        check(av_frame_get_buffer(output, 0), "allocating a picture");
    }

    /** The scaled picture, valid until the next call. */
    public AVFrame scale(AVFrame input) {
        if (context == null || input.width() != sourceWidth || input.height() != sourceHeight
            || input.format() != sourceFormat) {
            sws_freeContext(context);
            sourceWidth = input.width();
            sourceHeight = input.height();
            sourceFormat = input.format();
            context = sws_getContext(sourceWidth, sourceHeight, sourceFormat, width, height, format, SWS_BILINEAR,
                (SwsFilter) null, (SwsFilter) null, (DoublePointer) null);
            if (context == null) {
                throw new IllegalStateException("libswscale cannot convert " + sourceWidth + "x" + sourceHeight
                    + " format " + sourceFormat);
            }
        }
        // An encoder may still hold a reference to the previous picture; this copies it away if so.
        check(av_frame_make_writable(output), "making a picture writable");
        check(sws_scale_frame(context, output, input), "scaling a picture");
        return output;
    }

    @Override
    public void close() {
        sws_freeContext(context);
        av_frame_free(output);
    }
}
