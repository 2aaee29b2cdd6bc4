package dev.gatewise.files.meta;

/**
 * What the service knows about one file: who uploaded it, what it is called, how long it will be and how much has
 * arrived.
 *
 * @param length the final size in bytes, or -1 while a tus upload defers its length
 * @param offset bytes durably stored so far
 * @param sha256 the whole file's SHA-256 (hex), set once the upload is complete
 * @param expiresAt when an incomplete upload is deleted (epoch ms); 0 once complete
 * @param completedAt when the last byte arrived (epoch ms), 0 before; the file's Last-Modified
 * @param thumbnail the file id of a JPEG thumbnail (images only), or null
 * @param uploadMetadata the tus {@code Upload-Metadata} header as the client sent it, echoed on HEAD
 * @param voice what voice processing made of the file, or null when it was never asked for
 */
public record FileRecord(
        String id,
        String owner,
        String name,
        String contentType,
        long length,
        long offset,
        String sha256,
        long createdAt,
        long expiresAt,
        long completedAt,
        String thumbnail,
        String uploadMetadata,
        Voice voice) {

    public boolean complete() {
        return sha256 != null;
    }

    public boolean lengthKnown() {
        return length >= 0;
    }

    public FileRecord withOffset(long newOffset) {
        return new FileRecord(id, owner, name, contentType, length, newOffset, sha256, createdAt, expiresAt,
                completedAt, thumbnail, uploadMetadata, voice);
    }

    public FileRecord withLength(long newLength) {
        return new FileRecord(id, owner, name, contentType, newLength, offset, sha256, createdAt, expiresAt,
                completedAt, thumbnail, uploadMetadata, voice);
    }

    public FileRecord completed(String sha256Hex, long now, String thumbnailId) {
        return new FileRecord(id, owner, name, contentType, length, offset, sha256Hex, createdAt, 0, now, thumbnailId,
                uploadMetadata, voice);
    }

    public FileRecord withVoice(Voice newVoice) {
        return new FileRecord(id, owner, name, contentType, length, offset, sha256, createdAt, expiresAt,
                completedAt, thumbnail, uploadMetadata, newVoice);
    }
}
