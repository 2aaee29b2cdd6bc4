package dev.gatewise.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/** A refused API request: becomes {@code status} with the JSON body {@code {"error": code, "message": ...}}. */
public class ApiException extends RuntimeException {
    private final HttpResponseStatus status;
    private final String code;
    private final Map<String, String> headers;

    public ApiException(HttpResponseStatus status, String code, String message) {
        this(status, code, message, Map.of());
    }

    /** A refusal whose answer carries {@code headers} too ({@code Retry-After}, say). */
    public ApiException(HttpResponseStatus status, String code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    public Map<String, String> headers() {
        return headers;
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
