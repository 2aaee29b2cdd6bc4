package dev.gatewise.files.meta;

/**
 * What the service knows about one file: who uploaded it, what it is called, how long it will be
 * and how much has arrived. {@code length} is -1 while a tus upload defers its length; the sha256
 * (hex) is set once the upload is complete.
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
        String uploadMetadata) {

    public boolean complete() {
        return length >= 0 && offset == length && sha256 != null;
    }

    public FileRecord withOffset(long newOffset) {
        return new FileRecord(id, owner, name, contentType, length, newOffset, sha256, createdAt, expiresAt,
                uploadMetadata);
    }

    public FileRecord completed(String sha256Hex) {
        return new FileRecord(id, owner, name, contentType, length, offset, sha256Hex, createdAt, expiresAt,
                uploadMetadata);
    }
}
