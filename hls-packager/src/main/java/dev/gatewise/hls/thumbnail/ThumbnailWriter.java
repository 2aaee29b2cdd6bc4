package dev.gatewise.hls.thumbnail;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import dev.gatewise.hls.disk.AtomicFiles;
import dev.gatewise.hls.ffmpeg.FrameScaler;
import dev.gatewise.hls.ffmpeg.H264Decoder;
import dev.gatewise.media.stream.VideoFrame;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Turns one keyframe into a JPEG: decodes it on its own (an IDR needs nothing but the SPS and PPS), scales it to the
 * thumbnail width keeping the aspect ratio, and writes the file atomically.
 */
public final class ThumbnailWriter {

    private ThumbnailWriter() {}

    /**
     * @return whether a picture came out of the keyframe (a broken one yields none, and nothing is written)
     */
    public static boolean write(byte[] avcDecoderConfigurationRecord, VideoFrame keyframe, int width, Path file)
        throws IOException {
        BufferedImage[] image = new BufferedImage[1];
        try (H264Decoder decoder = new H264Decoder(avcDecoderConfigurationRecord)) {
            decoder.decode(keyframe.avcc(), keyframe.dts(), keyframe.pts(), true, picture -> convert(picture, width,
                image));
            decoder.flush(picture -> convert(picture, width, image));
        }
        if (image[0] == null) {
            return false;
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(image[0], "jpg", jpeg);
        // The thumbnail worker may run before the stream's first segment has created the directory.
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, jpeg.toByteArray());
        return true;
    }

    private static void convert(AVFrame picture, int width, BufferedImage[] image) {
        if (image[0] != null) {
            return;
        }
        int height = Math.max(2, (int) Math.round((double) picture.height() * width / picture.width()) & ~1);
        try (FrameScaler scaler = new FrameScaler(width, height, AV_PIX_FMT_BGR24)) {
            AVFrame bgr = scaler.scale(picture);
            BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            byte[] pixels = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
            int stride = bgr.linesize(0);
            for (int y = 0; y < height; y++) {
                bgr.data(0).position((long) y * stride).get(pixels, y * width * 3, width * 3);
            }
            image[0] = out;
        }
    }
}
