package dev.gatewise.im.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gatewise.im.protocol.FrameJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Records are stored as JSON bytes: readable with any tool, and tolerant of added fields. */
public final class StoredJson {
    private StoredJson() {}

    public static byte[] write(Object value) {
        try {
            return FrameJson.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return FrameJson.MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt stored " + type.getSimpleName(), e);
        }
    }
}
