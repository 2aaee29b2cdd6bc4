package dev.gatewise.media.rtmp.amf;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes AMF0 values: numbers as {@link Double}, booleans, strings (short, long and XML) as {@link String}, objects
 * and ECMA arrays as insertion-ordered {@link Map}s, strict arrays as {@link List}s, dates as {@link Instant},
 * {@code null} as null and {@code undefined} as {@link Amf0.Undefined#VALUE}. References and AMF3 are refused: no
 * RTMP publisher sends them. Nesting deeper than the limit is refused, so a hostile payload cannot overflow the stack.
 */
public final class Amf0Reader {
    /** Deeper than any real command or metadata needs (they nest two or three levels). */
    public static final int DEFAULT_MAX_DEPTH = 16;

    private final ByteBuf in;
    private final int maxDepth;

    /** Reads from the buffer's reader index, advancing it. */
    public Amf0Reader(ByteBuf in) {
        this(in, DEFAULT_MAX_DEPTH);
    }

    public Amf0Reader(ByteBuf in, int maxDepth) {
        this.in = in;
        this.maxDepth = maxDepth;
    }

    public boolean hasMore() {
        return in.isReadable();
    }

    /** Reads every value left in the buffer. */
    public List<Object> readAll() {
        List<Object> values = new ArrayList<>();
        while (hasMore()) {
            values.add(read());
        }
        return values;
    }

    public Object read() {
        return read(0);
    }

    private Object read(int depth) {
        if (depth > maxDepth) {
            throw new Amf0Exception("nested deeper than " + maxDepth + " levels");
        }
        int marker = readUnsignedByte();
        return switch (marker) {
            case Amf0.NUMBER -> readDouble();
            case Amf0.BOOLEAN -> readUnsignedByte() != 0;
            case Amf0.STRING -> readUtf8(readUnsignedShort());
            case Amf0.LONG_STRING, Amf0.XML_DOCUMENT -> readUtf8(readLength());
            case Amf0.OBJECT -> readProperties(depth);
            case Amf0.TYPED_OBJECT -> {
                readUtf8(readUnsignedShort());
                yield readProperties(depth);
            }
            case Amf0.ECMA_ARRAY -> {
                // The count is only a hint (encoders get it wrong); the end marker is what ends the array.
                need(4);
                in.skipBytes(4);
                yield readProperties(depth);
            }
            case Amf0.STRICT_ARRAY -> readStrictArray(depth);
            case Amf0.DATE -> {
                double millis = readDouble();
                need(2);
                // The time zone is reserved and should be 0; the value is UTC either way.
                in.skipBytes(2);
                yield Instant.ofEpochMilli((long) millis);
            }
            case Amf0.NULL -> null;
            case Amf0.UNDEFINED, Amf0.UNSUPPORTED -> Amf0.Undefined.VALUE;
            default -> throw new Amf0Exception("unsupported type marker 0x" + Integer.toHexString(marker));
        };
    }

    private Map<String, Object> readProperties(int depth) {
        Map<String, Object> properties = new LinkedHashMap<>();
        while (true) {
            String key = readUtf8(readUnsignedShort());
            if (key.isEmpty()) {
                need(1);
                if (in.getUnsignedByte(in.readerIndex()) == Amf0.OBJECT_END) {
                    in.skipBytes(1);
                    return properties;
                }
            }
            properties.put(key, read(depth + 1));
        }
    }

    private List<Object> readStrictArray(int depth) {
        need(4);
        long count = in.readUnsignedInt();
        // Each element takes at least one byte: a larger count is a lie, refused before anything is allocated.
        if (count > in.readableBytes()) {
            throw new Amf0Exception("strict array of " + count + " elements in " + in.readableBytes() + " bytes");
        }
        List<Object> elements = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            elements.add(read(depth + 1));
        }
        return Collections.unmodifiableList(elements);
    }

    private int readLength() {
        need(4);
        long length = in.readUnsignedInt();
        if (length > in.readableBytes()) {
            throw new Amf0Exception("length " + length + " beyond the end of the data");
        }
        return (int) length;
    }

    private String readUtf8(int length) {
        need(length);
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return value;
    }

    private int readUnsignedByte() {
        need(1);
        return in.readUnsignedByte();
    }

    private int readUnsignedShort() {
        need(2);
        return in.readUnsignedShort();
    }

    private double readDouble() {
        need(8);
        return in.readDouble();
    }

    private void need(int bytes) {
        if (in.readableBytes() < bytes) {
            throw new Amf0Exception("truncated data");
        }
    }
}
