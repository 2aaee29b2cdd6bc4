package dev.gatewise.files.upload;

import dev.gatewise.files.FileMetrics;
import dev.gatewise.files.FileSettings;
import dev.gatewise.files.meta.FileRecord;
import dev.gatewise.files.meta.FileRecords;
import dev.gatewise.files.storage.FileId;
import dev.gatewise.files.storage.FileStorage;
import dev.gatewise.files.thumbnail.Thumbnailer;
import dev.gatewise.http.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of an upload: created with a declared (or deferred) length, appended to by requests that each start at
 * the recorded offset, completed when the last byte is durable (checksum and thumbnail computed then), deleted by
 * its owner or when it expires unfinished. Blocking: call off the event loop.
 *
 * <p>Bytes are written (and with {@code fsync}, forced to disk) before the offset that covers them is recorded, so
 * the record never claims bytes the disk does not have; bytes beyond the recorded offset are dropped when the
 * upload resumes. Should a power loss leave the file shorter than its record, {@link #status} corrects the record
 * to what the disk holds, and the client resumes from there.
 */
public final class Uploads {
    private static final Logger log = LoggerFactory.getLogger(Uploads.class);

    private final FileRecords records;
    private final FileStorage storage;
    private final FileSettings settings;
    private final Thumbnailer thumbnailer;
    private final UploadDigests digests;
    private final Clock clock;
    /** Uploads a request is appending to on this node: one request per upload at a time. */
    private final Set<FileId> busy = ConcurrentHashMap.newKeySet();
    private final FileMetrics metrics;

    public Uploads(FileRecords records, FileStorage storage, FileSettings settings, Thumbnailer thumbnailer,
                   Clock clock, MeterRegistry registry) {
        this.metrics = new FileMetrics(registry, busy);
        this.records = records;
        this.storage = storage;
        this.settings = settings;
        this.thumbnailer = thumbnailer;
        this.digests = new UploadDigests(storage);
        this.clock = clock;
    }

    /** Starts an upload of {@code length} bytes (-1: told later); 413 over the size limit, 403 over the quota. */
    public FileRecord create(String owner, long length, String name, String contentType, String uploadMetadata)
            throws IOException {
        if (length > settings.getMaxFileSize()) {
            throw new UploadException.TooLarge(settings.getMaxFileSize());
        }
        checkQuota(owner, Math.max(length, 0));
        long now = clock.millis();
        FileId id = FileId.random();
        var record = new FileRecord(id.value(), owner, name, contentType, length, 0, null, now,
                now + settings.getUploadExpiry().toMillis(), 0, null, uploadMetadata, null);
        storage.create(id);
        records.create(record);
        log.info("Upload {} created by {}: '{}' ({}, {} bytes)", id, owner, name, contentType,
                length < 0 ? "deferred" : length);
        if (length == 0) {
            return complete(record, record, digests.upTo(id, 0));
        }
        return record;
    }

    /**
     * Opens the upload for appending at {@code offset}, which must be where it stands (409 otherwise); 423 while
     * another request of this node appends to it. {@code newLength} sets a deferred length (-1: unchanged).
     */
    public Append open(FileRecord record, long offset, long newLength, String checksumHeader) throws IOException {
        UploadChecksum checksum = UploadChecksum.parse(checksumHeader);
        record = status(record);
        if (offset != record.offset()) {
            throw new UploadException.OffsetMismatch(record.offset());
        }
        if (newLength >= 0) {
            if (record.lengthKnown() && newLength != record.length()) {
                throw new UploadException.BadRequest("Upload-Length is already " + record.length());
            }
            if (newLength < record.offset()) {
                throw new UploadException.BadRequest("Upload-Length is below the bytes already uploaded");
            }
            if (newLength > settings.getMaxFileSize()) {
                throw new UploadException.TooLarge(settings.getMaxFileSize());
            }
            if (!record.lengthKnown()) {
                checkQuota(record.owner(), newLength - record.offset());
                FileRecord before = record;
                record = record.withLength(newLength);
                records.update(before, record);
            }
        }
        FileId id = new FileId(record.id());
        if (!busy.add(id)) {
            throw new ApiException(HttpResponseStatus.LOCKED, "upload_busy",
                    "another request is uploading to this file; retry shortly");
        }
        try {
            MessageDigest digest = digests.upTo(id, offset);
            FileChannel channel = (FileChannel) storage.appendAt(id, offset);
            long limit = record.lengthKnown() ? record.length() : settings.getMaxFileSize();
            return new Append(record, channel, digest, checksum, limit);
        } catch (IOException | RuntimeException e) {
            busy.remove(id);
            throw e;
        }
    }

    /** Writes bytes; during a long request, records progress every few megabytes so a crash loses little. */
    public void write(Append append, ByteBuf bytes) throws IOException {
        append.write(bytes);
        metrics.uploaded(bytes.readableBytes());
        if (append.written - append.durable >= settings.getCheckpointBytes() && append.checksum == null) {
            record(append);
        }
    }

    /**
     * Ends the request: checks its checksum, makes its bytes durable and records the new offset; completes the
     * upload when that was its last byte. Returns the upload as it now stands.
     */
    public FileRecord commit(Append append) throws IOException {
        try {
            if (append.checksum != null && !append.checksum.matches()) {
                // The record still says where the request began; the next request truncates what it wrote.
                throw new UploadException.ChecksumMismatch();
            }
            FileRecord now = append.start.withOffset(append.offset());
            if (now.lengthKnown() && now.offset() == now.length()) {
                forceIfAsked(append);
                return complete(append.recorded, now, append.fileDigest);
            }
            return record(append);
        } finally {
            release(append);
        }
    }

    /** Ends a request cut off by its client; keeps what arrived unless a checksum should have covered it. */
    public void abandon(Append append) {
        try {
            if (append.checksum == null && append.written > append.durable) {
                FileRecord now = record(append);
                log.info("Upload {} interrupted at {} bytes; the client can resume from there", now.id(), now.offset());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not record the progress of upload {}: {}", append.start.id(), e.toString());
        } finally {
            release(append);
        }
    }

    public FileMetrics metrics() {
        return metrics;
    }

    /** Deletes a file and everything about it. */
    public void delete(FileRecord record) throws IOException {
        FileId id = new FileId(record.id());
        records.remove(record);
        storage.delete(id);
        if (record.thumbnail() != null) {
            storage.delete(new FileId(record.thumbnail()));
        }
        if (record.voice() != null && record.voice().playable() != null) {
            storage.delete(new FileId(record.voice().playable()));
        }
        digests.forget(id);
    }

    /** Deletes uploads left unfinished past their expiry; returns how many. */
    public int deleteExpired() throws IOException {
        int deleted = 0;
        for (FileId id : records.expiredBefore(clock.millis(), 1000)) {
            var record = records.find(id);
            if (record.isPresent() && !record.get().complete() && !busy.contains(id)) {
                delete(record.get());
                deleted++;
                log.info("Upload {} by {} expired unfinished at {} bytes; deleted", id, record.get().owner(),
                        record.get().offset());
            }
        }
        return deleted;
    }

    /**
     * The upload as it stands: an unfinished upload's offset is never more than what its file holds (after a power
     * loss with {@code fsync} off, the disk may have kept less than was recorded).
     */
    public FileRecord status(FileRecord record) throws IOException {
        if (record.complete()) {
            return record;
        }
        long onDisk = storage.size(new FileId(record.id()));
        if (onDisk >= record.offset()) {
            return record;
        }
        log.warn("Upload {} is recorded at {} bytes but its file holds {}; resuming from there", record.id(),
                record.offset(), Math.max(onDisk, 0));
        if (onDisk < 0) {
            storage.create(new FileId(record.id()));
        }
        FileRecord corrected = record.withOffset(Math.max(onDisk, 0));
        records.update(record, corrected);
        return corrected;
    }

    private FileRecord record(Append append) throws IOException {
        forceIfAsked(append);
        FileRecord now = append.start.withOffset(append.offset());
        records.update(append.recorded, now);
        append.recorded = now;
        append.durable = append.written;
        digests.remember(new FileId(now.id()), now.offset(), append.fileDigest);
        return now;
    }

    private void forceIfAsked(Append append) throws IOException {
        if (settings.isFsync()) {
            append.channel.force(false);
        }
    }

    /** Records the upload as complete; {@code before} is its record as last stored, {@code record} with all bytes. */
    private FileRecord complete(FileRecord before, FileRecord record, MessageDigest digest) {
        String sha256 = HexFormat.of().formatHex(digest.digest());
        String thumbnail = thumbnailer.make(record).map(FileId::value).orElse(null);
        FileRecord done = record.completed(sha256, clock.millis(), thumbnail);
        records.complete(before, done);
        metrics.completed();
        digests.forget(new FileId(record.id()));
        log.info("Upload {} complete: {} bytes, sha256 {}", record.id(), record.length(), sha256);
        return done;
    }

    private void release(Append append) {
        try {
            append.channel.close();
        } catch (IOException e) {
            log.debug("closing upload {}: {}", append.start.id(), e.toString());
        }
        busy.remove(new FileId(append.start.id()));
    }

    private void checkQuota(String owner, long more) {
        long held = records.bytesHeldBy(owner);
        if (held + more > settings.getUserQuota()) {
            throw new ApiException(HttpResponseStatus.FORBIDDEN, "quota_exceeded", "your files take " + held
                    + " of your " + settings.getUserQuota() + " bytes; this upload needs " + more + " more");
        }
    }
}
