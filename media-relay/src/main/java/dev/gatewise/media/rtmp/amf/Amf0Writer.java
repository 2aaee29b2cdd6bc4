package dev.gatewise.media.rtmp.amf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Encodes Java values as AMF0, the inverse of {@link Amf0Reader}: {@link Number}, {@link Boolean}, {@link String}
 * (long string past 65535 bytes), {@link Map} (object, or ECMA array through {@link #writeEcmaArray}), {@link List}
 * (strict array), {@link Instant} (date), null and {@link Amf0.Undefined}.
 */
public final class Amf0Writer {
    private static final int MAX_SHORT_STRING = 0xFFFF;

    private Amf0Writer() {}

    public static void write(ByteBuf out, Object value) {
        if (value == null) {
            out.writeByte(Amf0.NULL);
        } else if (value instanceof Amf0.Undefined) {
            out.writeByte(Amf0.UNDEFINED);
        } else if (value instanceof Number number) {
            out.writeByte(Amf0.NUMBER).writeDouble(number.doubleValue());
        } else if (value instanceof Boolean bool) {
            out.writeByte(Amf0.BOOLEAN).writeByte(bool ? 1 : 0);
        } else if (value instanceof String string) {
            writeString(out, string);
        } else if (value instanceof Instant instant) {
            out.writeByte(Amf0.DATE).writeDouble(instant.toEpochMilli()).writeShort(0);
        } else if (value instanceof Map<?, ?> map) {
            out.writeByte(Amf0.OBJECT);
            writeProperties(out, map);
        } else if (value instanceof List<?> list) {
            out.writeByte(Amf0.STRICT_ARRAY).writeInt(list.size());
            for (Object element : list) {
                write(out, element);
            }
        } else {
            throw new IllegalArgumentException("no AMF0 encoding for " + value.getClass().getName());
        }
    }

    /** Writes each value in turn, as a command's name, transaction id and arguments are written. */
    public static void writeAll(ByteBuf out, Object... values) {
        for (Object value : values) {
            write(out, value);
        }
    }

    /** Writes a map as an ECMA array, the form players expect {@code onMetaData} in. */
    public static void writeEcmaArray(ByteBuf out, Map<?, ?> map) {
        out.writeByte(Amf0.ECMA_ARRAY).writeInt(map.size());
        writeProperties(out, map);
    }

    private static void writeProperties(ByteBuf out, Map<?, ?> map) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            writeKey(out, String.valueOf(entry.getKey()));
            write(out, entry.getValue());
        }
        out.writeShort(0).writeByte(Amf0.OBJECT_END);
    }

    private static void writeString(ByteBuf out, String string) {
        int length = ByteBufUtil.utf8Bytes(string);
        if (length > MAX_SHORT_STRING) {
            out.writeByte(Amf0.LONG_STRING).writeInt(length);
        } else {
            out.writeByte(Amf0.STRING).writeShort(length);
        }
        ByteBufUtil.writeUtf8(out, string);
    }

    private static void writeKey(ByteBuf out, String key) {
        int length = ByteBufUtil.utf8Bytes(key);
        if (length > MAX_SHORT_STRING) {
            throw new IllegalArgumentException("AMF0 property name longer than 65535 bytes");
        }
        out.writeShort(length);
        ByteBufUtil.writeUtf8(out, key);
    }
}
