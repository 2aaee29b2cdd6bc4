package dev.gatewise.media.rtmp.amf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Amf0Test {

    @Test
    void everyTypeSurvivesARoundTrip() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("app", "live");
        object.put("fpad", false);
        object.put("nested", Map.of("n", 1.5));
        object.put("nothing", null);
        List<Object> values = Arrays.asList(3.0, true, "héllo", object, null, Amf0.Undefined.VALUE,
                List.of(1.0, "two"), Instant.ofEpochMilli(1_700_000_000_123L), "x".repeat(70_000));
        ByteBuf buffer = Unpooled.buffer();
        for (Object value : values) {
            Amf0Writer.write(buffer, value);
        }
        assertThat(buffer.getByte(buffer.writerIndex() - 70_000 - 5)).as("long string marker")
                .isEqualTo((byte) Amf0.LONG_STRING);
        assertThat(new Amf0Reader(buffer).readAll()).isEqualTo(values);
    }

    @Test
    void ecmaArraysReadAsMaps() {
        ByteBuf buffer = Unpooled.buffer();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("width", 640.0);
        metadata.put("encoder", "Lavf59");
        Amf0Writer.writeEcmaArray(buffer, metadata);
        assertThat(buffer.getByte(0)).isEqualTo((byte) Amf0.ECMA_ARRAY);
        assertThat(new Amf0Reader(buffer).read()).isEqualTo(metadata);
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        ByteBuf buffer = Unpooled.buffer();
        for (int i = 0; i < 10_000; i++) {
            buffer.writeByte(Amf0.STRICT_ARRAY).writeInt(1);
        }
        buffer.writeByte(Amf0.NULL);
        assertThatThrownBy(() -> new Amf0Reader(buffer).read()).isInstanceOf(Amf0Exception.class)
                .hasMessageContaining("nested deeper than 16");
    }

    @Test
    void truncatedAndLyingDataIsRefused() {
        assertThatThrownBy(() -> new Amf0Reader(Unpooled.wrappedBuffer(new byte[] {Amf0.NUMBER, 1, 2})).read())
                .isInstanceOf(Amf0Exception.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> new Amf0Reader(Unpooled.wrappedBuffer(
                new byte[] {Amf0.STRICT_ARRAY, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, Amf0.NULL})).read())
                .isInstanceOf(Amf0Exception.class).hasMessageContaining("strict array of 2147483647 elements");
        assertThatThrownBy(() -> new Amf0Reader(Unpooled.wrappedBuffer(
                new byte[] {Amf0.LONG_STRING, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF})).read())
                .isInstanceOf(Amf0Exception.class).hasMessageContaining("beyond the end");
        assertThatThrownBy(() -> new Amf0Reader(Unpooled.wrappedBuffer(new byte[] {Amf0.OBJECT, 0, 1, 'a'})).read())
                .isInstanceOf(Amf0Exception.class).hasMessageContaining("truncated");
    }

    @Test
    void referencesAndAmf3AreRefused() {
        assertThatThrownBy(() -> new Amf0Reader(Unpooled.wrappedBuffer(new byte[] {Amf0.REFERENCE, 0, 0})).read())
                .isInstanceOf(Amf0Exception.class).hasMessageContaining("0x7");
        assertThatThrownBy(() -> new Amf0Reader(Unpooled.wrappedBuffer(new byte[] {0x11, 0})).read())
                .isInstanceOf(Amf0Exception.class).hasMessageContaining("0x11");
    }
}
