package dev.gatewise.media.rtmp.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatewise.media.rtmp.RtmpSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChunkDecoderTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(new RtmpSettings()));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void reassemblesInterleavedMessagesWithEveryHeaderType() {
        ByteBuf in = Unpooled.buffer();
        // Chunk stream 4: a 200-byte video message at t=1000 (type 0), first 128 bytes.
        in.writeByte(4).writeMedium(1000).writeMedium(200).writeByte(MessageType.VIDEO).writeIntLE(1);
        in.writeBytes(filled(128, 1));
        // Chunk stream 5, interleaved: a whole 10-byte audio message at t=1010.
        in.writeByte(5).writeMedium(1010).writeMedium(10).writeByte(MessageType.AUDIO).writeIntLE(1);
        in.writeBytes(filled(10, 2));
        // Chunk stream 4 resumes with a type 3 header: the remaining 72 bytes.
        in.writeByte(0xC0 | 4).writeBytes(filled(72, 1));
        // Type 2 on stream 5: delta 23, same length and type.
        in.writeByte(0x80 | 5).writeMedium(23).writeBytes(filled(10, 3));
        // Type 3 starting a new message on stream 5 repeats the delta: t=1056.
        in.writeByte(0xC0 | 5).writeBytes(filled(10, 4));
        // Type 1 on stream 4: delta 40, new length 5.
        in.writeByte(0x40 | 4).writeMedium(40).writeMedium(5).writeByte(MessageType.VIDEO).writeBytes(filled(5, 5));
        channel.writeInbound(in);

        List<RtmpMessage> messages = readAll();
        assertThat(messages).extracting(RtmpMessage::type).containsExactly(MessageType.AUDIO, MessageType.VIDEO,
                MessageType.AUDIO, MessageType.AUDIO, MessageType.VIDEO);
        assertThat(messages).extracting(RtmpMessage::timestamp).containsExactly(1010L, 1000L, 1033L, 1056L, 1040L);
        assertThat(messages.get(1).content().readableBytes()).isEqualTo(200);
        assertThat(messages).extracting(RtmpMessage::streamId).containsOnly(1);
        messages.forEach(RtmpMessage::release);
    }

    @Test
    void extendedTimestampsIncludingOnContinuationChunks() {
        long timestamp = 0x1_2345_678L & 0xFFFFFFFFL;
        ByteBuf in = Unpooled.buffer();
        in.writeByte(6).writeMedium(0xFFFFFF).writeMedium(130).writeByte(MessageType.VIDEO).writeIntLE(1);
        in.writeInt((int) timestamp).writeBytes(filled(128, 1));
        in.writeByte(0xC0 | 6).writeInt((int) timestamp).writeBytes(filled(2, 1));
        channel.writeInbound(in);
        List<RtmpMessage> messages = readAll();
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).timestamp()).isEqualTo(timestamp);
        assertThat(messages.get(0).content().readableBytes()).isEqualTo(130);
        messages.forEach(RtmpMessage::release);
    }

    @Test
    void byteByByteArrivalGivesTheSameMessages() {
        ByteBuf in = Unpooled.buffer();
        in.writeByte(0).writeByte(10).writeMedium(5).writeMedium(300).writeByte(MessageType.DATA_AMF0).writeIntLE(1);
        in.writeBytes(filled(128, 7));
        in.writeByte(0xC0).writeByte(10).writeBytes(filled(128, 7));
        in.writeByte(0xC0).writeByte(10).writeBytes(filled(44, 7));
        while (in.isReadable()) {
            channel.writeInbound(in.readRetainedSlice(1));
        }
        in.release();
        List<RtmpMessage> messages = readAll();
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).content().readableBytes()).isEqualTo(300);
        messages.forEach(RtmpMessage::release);
    }

    @Test
    void setChunkSizeAppliesToTheNextChunkAndAbortDropsAPartialMessage() {
        ByteBuf in = Unpooled.buffer();
        in.writeByte(2).writeMedium(0).writeMedium(4).writeByte(MessageType.SET_CHUNK_SIZE).writeIntLE(0)
                .writeInt(4096);
        in.writeByte(4).writeMedium(0).writeMedium(3000).writeByte(MessageType.VIDEO).writeIntLE(1)
                .writeBytes(filled(3000, 1));
        // A message begun on chunk stream 7, then aborted.
        in.writeByte(7).writeMedium(0).writeMedium(8000).writeByte(MessageType.VIDEO).writeIntLE(1)
                .writeBytes(filled(4096, 1));
        in.writeByte(2).writeMedium(0).writeMedium(4).writeByte(MessageType.ABORT).writeIntLE(0).writeInt(7);
        // A new message on chunk stream 7 after the abort.
        in.writeByte(7).writeMedium(50).writeMedium(3).writeByte(MessageType.AUDIO).writeIntLE(1)
                .writeBytes(filled(3, 1));
        channel.writeInbound(in);
        List<RtmpMessage> messages = readAll();
        assertThat(messages).extracting(m -> m.content().readableBytes()).containsExactly(3000, 3);
        messages.forEach(RtmpMessage::release);
    }

    @Test
    void partialMessagesAreReleasedWhenTheConnectionCloses() {
        ByteBuf in = Unpooled.buffer();
        in.writeByte(4).writeMedium(0).writeMedium(1000).writeByte(MessageType.VIDEO).writeIntLE(1)
                .writeBytes(filled(128, 1));
        channel.writeInbound(in);
        assertThat(readAll()).isEmpty();
        // The paranoid leak detector (LeakCheck) fails the class if this partial buffer is not released.
        channel.close();
    }

    @Test
    void overlongMessagesAreRefusedFromTheHeader() {
        ByteBuf in = Unpooled.buffer();
        in.writeByte(4).writeMedium(0).writeMedium(5 * 1024 * 1024).writeByte(MessageType.VIDEO).writeIntLE(1);
        assertThatThrownBy(() -> channel.writeInbound(in)).isInstanceOf(DecoderException.class)
                .hasMessageContaining("exceeds the limit");
    }

    @Test
    void unfinishedMessagesTogetherAreLimited() {
        RtmpSettings settings = new RtmpSettings();
        settings.setMaxMessageLength(300);
        EmbeddedChannel small = new EmbeddedChannel(new ChunkDecoder(settings));
        ByteBuf in = Unpooled.buffer();
        // The first 128-byte chunk of a 300-byte message on each of five chunk streams: 640 bytes held.
        for (int csid = 3; csid < 8; csid++) {
            in.writeByte(csid).writeMedium(0).writeMedium(300).writeByte(MessageType.VIDEO).writeIntLE(1)
                    .writeBytes(filled(128, 1));
        }
        assertThatThrownBy(() -> small.writeInbound(in)).isInstanceOf(DecoderException.class)
                .hasMessageContaining("640 bytes of unfinished messages (limit 600)");
        small.finishAndReleaseAll();
    }

    private List<RtmpMessage> readAll() {
        List<RtmpMessage> messages = new ArrayList<>();
        RtmpMessage message;
        while ((message = channel.readInbound()) != null) {
            messages.add(message);
        }
        return messages;
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
