package dev.gatewise.files.thumbnail;

import dev.gatewise.files.meta.FileRecord;
import dev.gatewise.files.storage.FileId;
import dev.gatewise.files.storage.FileStorage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small JPEG previews of uploaded images (JPEG, PNG, GIF, BMP: what the JDK decodes), so a chat shows a photo
 * before anyone downloads it. The source's size is read from its header first, and large images are decoded
 * subsampled, so a decompression bomb cannot take the heap.
 */
public final class Thumbnailer {
    private static final Logger log = LoggerFactory.getLogger(Thumbnailer.class);

    private final FileStorage storage;
    private final int size;
    private final long maxSourcePixels;

    public Thumbnailer(FileStorage storage, int size, long maxSourcePixels) {
        this.storage = storage;
        this.size = size;
        this.maxSourcePixels = maxSourcePixels;
    }

    /** Stores a thumbnail of the completed file if it is an image this can read; its id, or empty. Blocking. */
    public Optional<FileId> make(FileRecord record) {
        if (!record.contentType().startsWith("image/")) {
            return Optional.empty();
        }
        FileId source = new FileId(record.id());
        try (InputStream in = Channels.newInputStream(storage.openForRead(source));
             ImageInputStream images = ImageIO.createImageInputStream(in)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(images);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(images, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > maxSourcePixels) {
                    log.info("No thumbnail for {}: {}x{} is over the limit", record.id(), width, height);
                    return Optional.empty();
                }
                ImageReadParam param = reader.getDefaultReadParam();
                // Decode at no more than about twice the thumbnail's size: enough for smooth scaling, little memory.
                int step = Math.max(1, Math.max(width, height) / (2 * size));
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage image = reader.read(0, param);
                return Optional.of(store(scaled(image)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            log.info("No thumbnail for {} ({}): {}", record.id(), record.contentType(), e.toString());
            return Optional.empty();
        }
    }

    private BufferedImage scaled(BufferedImage image) {
        double scale = Math.min(1.0, (double) size / Math.max(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(Color.WHITE); // transparent PNGs get a white background, as JPEG has no alpha
            g.fillRect(0, 0, w, h);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private FileId store(BufferedImage thumbnail) throws IOException {
        FileId id = FileId.random();
        storage.create(id);
        try (OutputStream out = Channels.newOutputStream(storage.appendAt(id, 0))) {
            if (!ImageIO.write(thumbnail, "jpg", out)) {
                throw new IOException("no JPEG writer");
            }
        }
        return id;
    }
}
