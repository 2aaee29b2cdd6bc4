package dev.gatewise.files.upload;

import dev.gatewise.http.Cors;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The tus 1.0.0 resumable-upload protocol's headers and the extensions this server offers. */
public final class Tus {
    public static final String VERSION = "1.0.0";
    public static final String EXTENSIONS = "creation,creation-with-upload,creation-defer-length,termination,"
            + "checksum,expiration";
    public static final String OFFSET_CONTENT_TYPE = "application/offset+octet-stream";

    public static final String RESUMABLE = "Tus-Resumable";
    public static final String UPLOAD_OFFSET = "Upload-Offset";
    public static final String UPLOAD_LENGTH = "Upload-Length";
    public static final String UPLOAD_DEFER_LENGTH = "Upload-Defer-Length";
    public static final String UPLOAD_METADATA = "Upload-Metadata";
    public static final String UPLOAD_EXPIRES = "Upload-Expires";
    public static final String UPLOAD_CHECKSUM = "Upload-Checksum";

    /** What a browser client on another origin must be allowed to send and to read. */
    public static final Cors CORS = new Cors("GET, HEAD, POST, PATCH, DELETE, OPTIONS", "Authorization, Content-Type, Tus-Resumable, Upload-Length, "
            + "Upload-Defer-Length, Upload-Metadata, Upload-Offset, Upload-Checksum, X-Requested-With, "
            + "X-HTTP-Method-Override, Range, If-None-Match, If-Range", "Location, Tus-Resumable, Tus-Version, Tus-Extension, "
            + "Tus-Max-Size, Tus-Checksum-Algorithm, Upload-Offset, Upload-Length, Upload-Metadata, Upload-Expires, "
            + "Content-Range, Content-Disposition, ETag");

    private Tus() {}

    /** Every answer under /files carries the tus version and lets browser clients on other origins read it. */
    public static void decorate(HttpHeaders headers) {
        headers.set(RESUMABLE, VERSION);
        CORS.allow(headers);
    }

    /** Whether the request speaks tus (one-shot uploads and downloads do not send the header). */
    public static boolean isTus(HttpRequest request) {
        return request.headers().contains(RESUMABLE);
    }

    /** A non-negative number header, -1 when absent; 400 when malformed. */
    public static long number(HttpHeaders headers, String name) {
        String value = headers.get(name);
        if (value == null) {
            return -1;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UploadException.BadRequest(name + " must be a non-negative integer");
    }

    /** {@code Upload-Metadata}: comma-separated {@code key base64value} pairs (the value may be absent). */
    public static Map<String, String> metadata(String header) {
        Map<String, String> values = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return values;
        }
        for (String pair : header.split(",")) {
            String[] parts = pair.trim().split(" ", 2);
            try {
                values.put(parts[0], parts.length < 2 ? ""
                        : new String(Base64.getDecoder().decode(parts[1].trim()), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new UploadException.BadRequest("Upload-Metadata value of '" + parts[0] + "' is not Base64");
            }
        }
        return values;
    }
}
