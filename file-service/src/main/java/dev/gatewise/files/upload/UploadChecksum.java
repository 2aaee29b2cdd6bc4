package dev.gatewise.files.upload;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The tus checksum extension: {@code Upload-Checksum: ALGORITHM BASE64DIGEST} covers one request's body; a body
 * that does not match is discarded (460).
 */
final class UploadChecksum {
    /** tus names of the algorithms offered, with their JDK names. */
    static final Map<String, String> ALGORITHMS = Map.of("sha256", "SHA-256", "sha1", "SHA-1", "md5", "MD5");

    private final MessageDigest digest;
    private final byte[] expected;

    private UploadChecksum(MessageDigest digest, byte[] expected) {
        this.digest = digest;
        this.expected = expected;
    }

    /** Parses the header; null when absent; {@link UploadException.BadRequest} when unusable. */
    static UploadChecksum parse(String header) {
        if (header == null) {
            return null;
        }
        String[] parts = header.trim().split(" ", 2);
        String algorithm = ALGORITHMS.get(parts[0].toLowerCase(Locale.ROOT));
        if (algorithm == null || parts.length < 2) {
            throw new UploadException.BadRequest("Upload-Checksum must be one of " + ALGORITHMS.keySet()
                    + " and a Base64 digest");
        }
        try {
            return new UploadChecksum(MessageDigest.getInstance(algorithm), Base64.getDecoder().decode(parts[1].trim()));
        } catch (IllegalArgumentException e) {
            throw new UploadException.BadRequest("Upload-Checksum's digest is not Base64");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void update(ByteBuffer bytes) {
        digest.update(bytes);
    }

    boolean matches() {
        return MessageDigest.isEqual(digest.digest(), expected);
    }
}
