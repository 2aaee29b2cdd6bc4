package dev.gatewise.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A refused API request: becomes {@code status} with the JSON body {@code {"error": code, "message": ...}}. */
public class ApiException extends RuntimeException {
    private final HttpResponseStatus status;
    private final String code;

    public ApiException(HttpResponseStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
