package dev.gatewise.media.rtmp.chunk;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Splits outgoing messages into chunks: a full (type 0) header, then type 3 headers for the rest of the message.
 * Header compression would save a few bytes per message; it is not worth the state. When it writes a Set Chunk Size
 * message it switches to that size for everything after it, as the peer will.
 */
public final class ChunkEncoder extends MessageToByteEncoder<RtmpMessage> {
    private static final int DEFAULT_CHUNK_SIZE = 128;
    private static final int CONTROL_CHUNK_STREAM = 2;
    private static final int COMMAND_CHUNK_STREAM = 3;
    private static final int AUDIO_CHUNK_STREAM = 4;
    private static final int VIDEO_CHUNK_STREAM = 6;

    private int chunkSize = DEFAULT_CHUNK_SIZE;

    public ChunkEncoder() {
        super(RtmpMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RtmpMessage message, ByteBuf out) {
        ByteBuf payload = message.content();
        int length = payload.readableBytes();
        int csid = chunkStreamFor(message.type());
        long timestamp = message.timestamp();
        boolean extended = timestamp >= 0xFFFFFF;

        out.writeByte(csid);
        out.writeMedium(extended ? 0xFFFFFF : (int) timestamp);
        out.writeMedium(length);
        out.writeByte(message.type());
        out.writeIntLE(message.streamId());
        if (extended) {
            out.writeInt((int) timestamp);
        }
        int index = payload.readerIndex();
        int remaining = length;
        while (true) {
            int size = Math.min(chunkSize, remaining);
            out.writeBytes(payload, index, size);
            index += size;
            remaining -= size;
            if (remaining == 0) {
                break;
            }
            out.writeByte(0xC0 | csid);
            if (extended) {
                // ffmpeg and librtmp repeat the extended timestamp in type 3 headers and expect it back.
                out.writeInt((int) timestamp);
            }
        }
        if (message.type() == MessageType.SET_CHUNK_SIZE && length >= 4) {
            chunkSize = payload.getInt(payload.readerIndex());
        }
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RtmpMessage message, boolean preferDirect) {
        int length = message.content().readableBytes();
        int chunks = Math.max(1, (length + chunkSize - 1) / chunkSize);
        return ctx.alloc().ioBuffer(16 + length + chunks * 5);
    }

    private static int chunkStreamFor(int type) {
        return switch (type) {
            case MessageType.AUDIO -> AUDIO_CHUNK_STREAM;
            case MessageType.VIDEO -> VIDEO_CHUNK_STREAM;
            case MessageType.COMMAND_AMF0, MessageType.DATA_AMF0 -> COMMAND_CHUNK_STREAM;
            default -> CONTROL_CHUNK_STREAM;
        };
    }
}
