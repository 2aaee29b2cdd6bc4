package dev.gatewise.files.download;

import dev.gatewise.files.meta.FileNames;
import dev.gatewise.files.meta.FileRecord;
import dev.gatewise.files.storage.FileId;
import dev.gatewise.files.storage.FileStorage;
import dev.gatewise.files.upload.Tus;
import dev.gatewise.http.ApiException;
import dev.gatewise.http.FileResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;

/**
 * A file's bytes as a download: immutable once complete, so its SHA-256 is its strong ETag and the time its last
 * byte arrived its Last-Modified. The answer itself (ranges, conditionals, zero-copy) is {@link FileResponse}'s.
 */
public final class Downloads {
    /** Files never change once complete; only the uploader and those they shared it with may cache them. */
    private static final String CACHE = "private, max-age=31536000, immutable";

    private final FileStorage storage;

    public Downloads(FileStorage storage) {
        this.storage = storage;
    }

    /** Opens the file for an answer; 409 while the upload is unfinished. Blocking. */
    public FileResponse file(FileRecord record) throws IOException {
        if (!record.complete()) {
            throw new ApiException(HttpResponseStatus.CONFLICT, "upload_incomplete",
                    "the upload is at " + record.offset() + " bytes; it can be downloaded once complete");
        }
        HttpHeaders headers = headers(record.contentType())
                .set(HttpHeaderNames.CONTENT_DISPOSITION, FileNames.attachment(record.name()));
        return new FileResponse(storage.openForRead(new FileId(record.id())), record.length(), record.completedAt(),
                "\"" + record.sha256() + "\"", headers);
    }

    /** Opens the file's thumbnail; 404 when it has none. Blocking. */
    public FileResponse thumbnail(FileRecord record) throws IOException {
        if (record.thumbnail() == null) {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "this file has no thumbnail");
        }
        FileId id = new FileId(record.thumbnail());
        return new FileResponse(storage.openForRead(id), storage.size(id), record.completedAt(),
                "\"t-" + record.sha256() + "\"", headers("image/jpeg"));
    }

    /** Opens the playable copy of a voice clip (AAC in MP4); 404 when it has none. Blocking. */
    public FileResponse playable(FileRecord record) throws IOException {
        if (record.voice() == null || record.voice().playable() == null) {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "this file has no playable copy");
        }
        FileId id = new FileId(record.voice().playable());
        return new FileResponse(storage.openForRead(id), storage.size(id), record.completedAt(),
                "\"p-" + record.sha256() + "\"", headers("audio/mp4"));
    }

    /** What every download carries: its type (never sniffed), the cache policy, and the CORS headers of /files. */
    private static HttpHeaders headers(String contentType) {
        HttpHeaders headers = new DefaultHttpHeaders()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.CACHE_CONTROL, CACHE)
                .set("X-Content-Type-Options", "nosniff");
        Tus.decorate(headers);
        return headers;
    }
}
