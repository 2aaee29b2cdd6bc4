package dev.gatewise.files.upload;

import dev.gatewise.http.ApiException;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Why an upload request is refused; each becomes its HTTP status with a JSON body. */
public final class UploadException {
    private UploadException() {}

    /** 413: the file would be larger than allowed or than its declared length. */
    public static final class TooLarge extends ApiException {
        public TooLarge(long limit) {
            super(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "too_large",
                    "the upload may not exceed " + limit + " bytes");
        }
    }

    /** 400: a header is missing or malformed. */
    public static final class BadRequest extends ApiException {
        public BadRequest(String message) {
            super(HttpResponseStatus.BAD_REQUEST, "invalid_request", message);
        }
    }

    /** 409: the client's offset is not the server's (it should ask with HEAD and resume from there). */
    public static final class OffsetMismatch extends ApiException {
        public OffsetMismatch(long expected) {
            super(HttpResponseStatus.CONFLICT, "offset_mismatch", "the upload is at offset " + expected);
        }
    }

    /** 460 (tus): the body does not match its Upload-Checksum; nothing of it was kept. */
    public static final class ChecksumMismatch extends ApiException {
        public ChecksumMismatch() {
            super(HttpResponseStatus.valueOf(460, "Checksum Mismatch"), "checksum_mismatch",
                    "the body does not match Upload-Checksum; it was discarded");
        }
    }
}
