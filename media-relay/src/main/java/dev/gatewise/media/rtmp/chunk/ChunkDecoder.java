package dev.gatewise.media.rtmp.chunk;

import dev.gatewise.media.rtmp.RtmpProtocolException;
import dev.gatewise.media.rtmp.RtmpSettings;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reassembles RTMP messages from chunks (RTMP specification 1.0, section 5.3): basic headers of 1 to 3 bytes, message
 * headers of types 0 to 3, extended timestamps, and messages spread over chunks of any chunk stream, interleaved.
 * Set Chunk Size and Abort act on this decoder's state and are consumed here, because they must apply to the very
 * next chunk, which may already be in the same read.
 */
public final class ChunkDecoder extends ByteToMessageDecoder {
    private static final int[] MESSAGE_HEADER_LENGTHS = {11, 7, 3, 0};
    /** What a chunk size is until the peer sets it. */
    private static final int DEFAULT_CHUNK_SIZE = 128;

    private final int maxChunkSize;
    private final int maxMessageLength;
    private final int maxChunkStreams;
    /**
     * Bytes all unfinished messages may hold together: room for a big video message and the audio interleaved with
     * it, not for one unfinished message on every chunk stream.
     */
    private final long maxUnfinishedBytes;
    private long unfinishedBytes;
    private final Map<Integer, ChunkStream> chunkStreams = new HashMap<>();
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private boolean failed;

    public ChunkDecoder(RtmpSettings settings) {
        this.maxChunkSize = settings.getMaxChunkSize();
        this.maxMessageLength = settings.getMaxMessageLength();
        this.maxChunkStreams = settings.getMaxChunkStreams();
        this.maxUnfinishedBytes = 2L * settings.getMaxMessageLength();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            // The connection is being closed for a protocol error; what follows the error means nothing.
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            while (in.isReadable()) {
                int before = in.readerIndex();
                RtmpMessage message = decodeChunk(ctx, in);
                if (message != null) {
                    if (!consumeControl(message)) {
                        out.add(message);
                    }
                } else if (in.readerIndex() == before) {
                    return;
                }
            }
        } catch (RtmpProtocolException e) {
            failed = true;
            throw e;
        }
    }

    /**
     * Reads one chunk if the buffer holds all of it (else reads nothing); returns the message it completes, if any.
     */
    private RtmpMessage decodeChunk(ChannelHandlerContext ctx, ByteBuf in) {
        int start = in.readerIndex();
        int available = in.readableBytes();
        int first = in.getUnsignedByte(start);
        int format = first >>> 6;
        int csid = first & 0x3F;
        int pos = start + 1;
        if (csid == 0) {
            if (available < 2) {
                return null;
            }
            csid = 64 + in.getUnsignedByte(pos);
            pos += 1;
        } else if (csid == 1) {
            if (available < 3) {
                return null;
            }
            csid = 64 + in.getUnsignedByte(pos) + in.getUnsignedByte(pos + 1) * 256;
            pos += 2;
        }
        int headerEnd = pos + MESSAGE_HEADER_LENGTHS[format];
        if (start + available < headerEnd) {
            return null;
        }
        ChunkStream stream = chunkStreams.get(csid);
        if (stream == null) {
            if (format != 0) {
                throw new RtmpProtocolException("chunk stream " + csid + " starts with a type " + format
                        + " header instead of type 0");
            }
            if (chunkStreams.size() >= maxChunkStreams) {
                throw new RtmpProtocolException("more than " + maxChunkStreams + " chunk streams");
            }
        } else if (format != 3 && stream.partial != null) {
            throw new RtmpProtocolException("chunk stream " + csid + " starts a new message before completing one");
        }

        long timestampField = 0;
        int length = stream == null ? 0 : stream.length;
        int type = stream == null ? 0 : stream.type;
        int streamId = stream == null ? 0 : stream.streamId;
        if (format <= 2) {
            timestampField = in.getUnsignedMedium(pos);
        }
        if (format <= 1) {
            length = in.getUnsignedMedium(pos + 3);
            type = in.getUnsignedByte(pos + 6);
        }
        if (format == 0) {
            streamId = in.getIntLE(pos + 7);
        }
        boolean extended = format <= 2 ? timestampField == 0xFFFFFF : stream.extendedTimestamp;
        if (extended) {
            if (start + available < headerEnd + 4) {
                return null;
            }
            long extendedValue = in.getUnsignedInt(headerEnd);
            if (format <= 2) {
                timestampField = extendedValue;
            }
            headerEnd += 4;
        }
        if (length > maxMessageLength) {
            throw new RtmpProtocolException("message of " + length + " bytes exceeds the limit of "
                    + maxMessageLength);
        }
        int received = stream == null || stream.partial == null ? 0 : stream.partial.writerIndex();
        int payloadLength = Math.min(chunkSize, length - received);
        if (start + available < headerEnd + payloadLength) {
            return null;
        }

        // The whole chunk is here: commit it.
        if (stream == null) {
            stream = new ChunkStream();
            chunkStreams.put(csid, stream);
        }
        in.readerIndex(headerEnd);
        boolean newMessage = stream.partial == null;
        if (format <= 2) {
            stream.extendedTimestamp = extended;
        }
        switch (format) {
            case 0 -> {
                stream.timestamp = timestampField;
                stream.timestampDelta = timestampField;
            }
            case 1, 2 -> {
                stream.timestampDelta = timestampField;
                stream.timestamp = (stream.timestamp + timestampField) & 0xFFFFFFFFL;
            }
            default -> {
                if (newMessage) {
                    // A type 3 header that begins a message repeats the previous header, timestamp step included.
                    stream.timestamp = (stream.timestamp + stream.timestampDelta) & 0xFFFFFFFFL;
                }
            }
        }
        stream.length = length;
        stream.type = type;
        stream.streamId = streamId;
        if (newMessage) {
            // Grows as chunks arrive, so a declared length costs nothing until the bytes are really sent.
            stream.partial = ctx.alloc().buffer(Math.min(length, Math.max(chunkSize, 256)), length);
        }
        stream.partial.writeBytes(in, payloadLength);
        if (stream.partial.writerIndex() < length) {
            unfinishedBytes += payloadLength;
            if (unfinishedBytes > maxUnfinishedBytes) {
                throw new RtmpProtocolException(unfinishedBytes + " bytes of unfinished messages (limit "
                        + maxUnfinishedBytes + ")");
            }
            return null;
        }
        unfinishedBytes -= stream.partial.writerIndex() - payloadLength;
        ByteBuf payload = stream.partial;
        stream.partial = null;
        return new RtmpMessage(type, streamId, stream.timestamp, payload);
    }

    /** Applies Set Chunk Size and Abort; returns whether the message was one of them (and is now released). */
    private boolean consumeControl(RtmpMessage message) {
        if (message.type() != MessageType.SET_CHUNK_SIZE && message.type() != MessageType.ABORT) {
            return false;
        }
        try {
            ByteBuf payload = message.content();
            if (payload.readableBytes() < 4) {
                throw new RtmpProtocolException("control message of type " + message.type() + " is too short");
            }
            long value = payload.getUnsignedInt(payload.readerIndex());
            if (message.type() == MessageType.SET_CHUNK_SIZE) {
                // The top bit must be zero; a peer that sets it is announcing a negative size.
                if (value < 1 || value > maxChunkSize) {
                    throw new RtmpProtocolException("absurd chunk size " + value + " (allowed 1.." + maxChunkSize
                            + ")");
                }
                chunkSize = (int) value;
            } else {
                ChunkStream aborted = chunkStreams.get((int) Math.min(value, Integer.MAX_VALUE));
                if (aborted != null && aborted.partial != null) {
                    unfinishedBytes -= aborted.partial.writerIndex();
                    aborted.partial.release();
                    aborted.partial = null;
                }
            }
            return true;
        } finally {
            message.release();
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        for (ChunkStream stream : chunkStreams.values()) {
            if (stream.partial != null) {
                stream.partial.release();
                stream.partial = null;
            }
        }
        chunkStreams.clear();
        unfinishedBytes = 0;
    }

    /** The header state of one chunk stream: what type 1 to 3 headers leave out, and the message being assembled. */
    private static final class ChunkStream {
        long timestamp;
        long timestampDelta;
        int length;
        int type;
        int streamId;
        boolean extendedTimestamp;
        ByteBuf partial;
    }
}
