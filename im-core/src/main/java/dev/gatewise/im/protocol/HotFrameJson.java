package dev.gatewise.im.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gatewise.im.message.Message;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The two frames every message costs, {@code ack} and {@code push}, written by hand: the same JSON
 * Jackson writes for them (NON_NULL, the same field names), without a generator and serializer
 * lookup per frame, which made up most of their cost. The content, any JSON, still goes through
 * Jackson.
 */
final class HotFrameJson {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private HotFrameJson() {}

    static byte[] ack(ServerFrame.Ack ack) {
        var out = new Out(160);
        out.raw("{\"type\":\"ack\"");
        out.field("id", ack.id());
        out.field("clientMsgId", ack.clientMsgId());
        out.field("msgId", ack.msgId());
        out.field("conversation", ack.conversation());
        out.raw(",\"seq\":").number(ack.seq());
        out.raw(",\"ts\":").number(ack.ts());
        out.raw(ack.duplicate() ? ",\"duplicate\":true}" : ",\"duplicate\":false}");
        return out.toByteArray();
    }

    static byte[] push(Message message) throws JsonProcessingException {
        byte[] content = message.content() == null ? null : FrameJson.MAPPER.writeValueAsBytes(message.content());
        var out = new Out(192 + (content == null ? 0 : content.length));
        out.raw("{\"type\":\"push\",\"message\":{");
        out.raw("\"msgId\":").string(message.msgId());
        out.field("conversation", message.conversation());
        out.raw(",\"seq\":").number(message.seq());
        out.field("from", message.from());
        out.field("to", message.to());
        out.field("group", message.group());
        out.field("kind", message.kind());
        if (content != null) {
            out.raw(",\"content\":").write(content, 0, content.length);
        }
        out.field("clientMsgId", message.clientMsgId());
        out.raw(",\"ts\":").number(message.ts());
        out.raw("}}");
        return out.toByteArray();
    }

    /** A growable byte array; unlike ByteArrayOutputStream, not synchronized per byte. */
    private static final class Out {
        private byte[] bytes;
        private int size;

        Out(int capacity) {
            bytes = new byte[capacity];
        }

        private void room(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        private void write(int b) {
            room(1);
            bytes[size++] = (byte) b;
        }

        void write(byte[] source, int offset, int length) {
            room(length);
            System.arraycopy(source, offset, bytes, size, length);
            size += length;
        }

        byte[] toByteArray() {
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }

        Out raw(String ascii) {
            int length = ascii.length();
            room(length);
            for (int i = 0; i < length; i++) {
                bytes[size++] = (byte) ascii.charAt(i);
            }
            return this;
        }

        Out number(long value) {
            return raw(Long.toString(value));
        }

        /** {@code ,"name":"value"}, or nothing for a null value. */
        void field(String name, String value) {
            if (value != null) {
                raw(",\"").raw(name).raw("\":").string(value);
            }
        }

        /** A JSON string: quotes, backslashes and control characters escaped, the rest as UTF-8. */
        Out string(String value) {
            int length = value.length();
            room(length + 2);
            bytes[size++] = '"';
            for (int i = 0; i < length; i++) {
                char c = value.charAt(i);
                if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                    write(c);
                } else if (c == '"' || c == '\\') {
                    write('\\');
                    write(c);
                } else if (c < 0x20) {
                    write('\\');
                    write('u');
                    write('0');
                    write('0');
                    write(HEX[c >> 4]);
                    write(HEX[c & 0xF]);
                } else {
                    int end = i + 1;
                    while (end < length && value.charAt(end) >= 0x80) {
                        end++;
                    }
                    byte[] utf8 = value.substring(i, end).getBytes(StandardCharsets.UTF_8);
                    write(utf8, 0, utf8.length);
                    i = end - 1;
                }
            }
            write('"');
            return this;
        }
    }
}
