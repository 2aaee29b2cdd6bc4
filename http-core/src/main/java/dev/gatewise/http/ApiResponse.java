package dev.gatewise.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A successful API answer; a null body sends no content. */
public record ApiResponse(HttpResponseStatus status, Object body) {
    public static ApiResponse ok(Object body) {
        return new ApiResponse(HttpResponseStatus.OK, body);
    }
}
