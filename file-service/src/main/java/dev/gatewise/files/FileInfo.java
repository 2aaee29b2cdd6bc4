package dev.gatewise.files;

import dev.gatewise.files.meta.FileRecord;

/**
 * What clients see of a file, in {@code GET /files/ID/info}, one-shot upload answers and "file" chat messages.
 *
 * @param url where to download it (needs the session token, or a signed URL from {@code POST /files/ID/url})
 * @param thumbnail where its JPEG thumbnail is, or null
 */
public record FileInfo(String id, String name, long size, String contentType, String sha256, String url,
                       String thumbnail) {

    public static FileInfo of(FileRecord record) {
        String url = "/files/" + record.id();
        return new FileInfo(record.id(), record.name(), record.length(), record.contentType(), record.sha256(), url,
                record.thumbnail() == null ? null : url + "/thumbnail");
    }
}
