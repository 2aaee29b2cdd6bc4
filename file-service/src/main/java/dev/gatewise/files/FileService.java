package dev.gatewise.files;

import dev.gatewise.access.AccessCheck;
import dev.gatewise.files.access.FileAccess;
import dev.gatewise.files.access.FileSharing;
import dev.gatewise.im.access.UrlSigning;
import dev.gatewise.files.cleanup.ExpiredUploadSweeper;
import dev.gatewise.files.download.Downloads;
import dev.gatewise.files.meta.FileNames;
import dev.gatewise.files.meta.FileRecord;
import dev.gatewise.files.share.FileMessagePolicy;
import dev.gatewise.files.share.VoiceMessagePolicy;
import dev.gatewise.files.storage.DiskFileStorage;
import dev.gatewise.files.storage.FileId;
import dev.gatewise.files.storage.FileStorage;
import dev.gatewise.files.thumbnail.Thumbnailer;
import dev.gatewise.files.upload.Append;
import dev.gatewise.files.upload.Uploads;
import dev.gatewise.files.voice.VoiceJobs;
import dev.gatewise.http.Route;
import dev.gatewise.im.delivery.MessageKindPolicy;
import dev.gatewise.im.store.ChatStores;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The file service of one node, wired together: local-disk storage, records in the chat store, the {@code /files}
 * route, voice processing, the {@code file} and {@code voice} message kinds, and the sweeper of expired uploads.
 */
public final class FileService implements AutoCloseable {
    /** Bars in a voice clip's waveform: enough for a bubble's width, small in every message. */
    private static final int WAVEFORM_BARS = 64;

    private final DefaultEventExecutorGroup disk;
    private final ScheduledExecutorService scheduler;
    private final FilesRoutes routes;
    private final Uploads uploads;
    private final FileStorage storage;
    private final VoiceJobs voice;

    public FileService(FileSettings settings, ChatStores stores, AccessCheck access, MeterRegistry registry)
            throws IOException {
        this.storage = new DiskFileStorage(Path.of(settings.getDirectory()));
        var sharing = FileSharing.of(stores, access);
        var records = sharing.records();
        var signedUrls = UrlSigning.of(stores, settings.getSignedUrlTtl());
        var fileAccess = new FileAccess(sharing, access, signedUrls);
        var thumbnailer = new Thumbnailer(storage, settings.getThumbnailSize(), settings.getMaxThumbnailSourcePixels());
        this.uploads = new Uploads(records, storage, settings, thumbnailer, Clock.systemUTC(), registry);
        this.disk = new DefaultEventExecutorGroup(settings.getIoThreads(), new DefaultThreadFactory("files-io"));
        this.voice = new VoiceJobs(records, storage, settings.getMaxVoiceDuration(), WAVEFORM_BARS,
                settings.getVoiceThreads(), settings.getVoiceQueue());
        this.routes = new FilesRoutes(uploads, new Downloads(storage), voice, fileAccess, signedUrls, settings, disk);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("files-sweeper"));
        new ExpiredUploadSweeper(uploads).start(scheduler, settings.getCleanupInterval());
    }

    /**
     * Download paths that open without a token, for clients that cannot send one (TeamTalk's apps show an image
     * message by fetching its URL): a file id to {@code /files/ID?expires=…&signature=…}, valid for {@code ttl}; the
     * id as it is when it is not one. Only give them to users who may read the file. Blocking.
     */
    public static UnaryOperator<String> signedDownloadPaths(ChatStores stores, Duration ttl) {
        var signedUrls = UrlSigning.of(stores, ttl);
        return id -> FileId.isValid(id) ? "/files/" + id + "?" + signedUrls.sign(id).query() : id;
    }

    /** {@code /files}, to mount on the HTTP server. */
    public List<Route> routes() {
        return routes.routes();
    }

    /**
     * The rules of the message kinds that carry files ({@code file}, {@code voice}) by kind, for a chat engine on
     * {@code stores}; a chat node registers them whether or not it serves files itself.
     */
    public static Map<String, MessageKindPolicy> messagePolicies(ChatStores stores, AccessCheck access) {
        FileSharing sharing = FileSharing.of(stores, access);
        return Map.of(FileMessagePolicy.KIND, new FileMessagePolicy(sharing),
                VoiceMessagePolicy.KIND, new VoiceMessagePolicy(sharing));
    }

    /**
     * Stores a clip that arrived whole from another protocol (a TeamTalk audio message) as {@code owner}'s complete
     * file and processes it as a voice clip: its record once done, ready or failed. Blocking until the bytes are
     * stored (call off the event loop); 503 busy as for {@code POST /files/ID/voice}.
     */
    public CompletableFuture<FileRecord> storeVoice(String owner, String name, String contentType, byte[] clip)
            throws IOException {
        FileRecord record = uploads.create(owner, clip.length, FileNames.name(name), FileNames.contentType(contentType),
                null);
        if (clip.length > 0) {
            Append append = uploads.open(record, 0, -1, null);
            uploads.write(append, Unpooled.wrappedBuffer(clip));
            record = uploads.commit(append);
        }
        return voice.process(record);
    }

    /** A complete file's bytes, for adapters that send small files inline (at most {@code maxBytes}). Blocking. */
    public byte[] readSmall(String id, int maxBytes) throws IOException {
        FileId file = new FileId(id);
        long size = storage.size(file);
        if (size < 0 || size > maxBytes) {
            throw new IOException("file " + id + " is " + (size < 0 ? "missing" : size + " bytes"));
        }
        return Files.readAllBytes(storage.path(file));
    }

    /** Deletes expired unfinished uploads now rather than at the next sweep; returns how many. */
    public int sweepExpired() throws IOException {
        return uploads.deleteExpired();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        voice.close();
        disk.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
