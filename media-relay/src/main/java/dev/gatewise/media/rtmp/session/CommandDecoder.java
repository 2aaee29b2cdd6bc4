package dev.gatewise.media.rtmp.session;

import dev.gatewise.media.rtmp.RtmpProtocolException;
import dev.gatewise.media.rtmp.amf.Amf0Reader;
import dev.gatewise.media.rtmp.chunk.MessageType;
import dev.gatewise.media.rtmp.chunk.RtmpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns command and data messages into {@link Command}s and {@link DataMessage}s; audio and video messages pass
 * through untouched. Shared object and aggregate messages are dropped: no supported client needs them.
 */
public final class CommandDecoder extends MessageToMessageDecoder<RtmpMessage> {
    private static final Logger log = LoggerFactory.getLogger(CommandDecoder.class);

    public CommandDecoder() {
        super(RtmpMessage.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, RtmpMessage message, List<Object> out) {
        ByteBuf payload = message.content();
        switch (message.type()) {
            case MessageType.AUDIO, MessageType.VIDEO -> out.add(message.retain());
            case MessageType.COMMAND_AMF0 -> out.add(command(payload, message.streamId()));
            case MessageType.DATA_AMF0 -> out.add(new DataMessage(new Amf0Reader(payload).readAll(),
                    message.streamId()));
            case MessageType.COMMAND_AMF3 -> {
                // An AMF3 command message is AMF0 after a format byte, as long as no value switches to AMF3.
                payload.skipBytes(Math.min(1, payload.readableBytes()));
                out.add(command(payload, message.streamId()));
            }
            case MessageType.DATA_AMF3 -> {
                payload.skipBytes(Math.min(1, payload.readableBytes()));
                out.add(new DataMessage(new Amf0Reader(payload).readAll(), message.streamId()));
            }
            default -> log.debug("Ignoring RTMP message of type {} from {}", message.type(),
                    ctx.channel().remoteAddress());
        }
    }

    private static Command command(ByteBuf payload, int streamId) {
        List<Object> values = new Amf0Reader(payload).readAll();
        if (values.isEmpty() || !(values.get(0) instanceof String name)) {
            throw new RtmpProtocolException("command message without a command name");
        }
        double transactionId = values.size() > 1 && values.get(1) instanceof Number number
                ? number.doubleValue() : 0;
        Object commandObject = values.size() > 2 ? values.get(2) : null;
        // Not List.copyOf: AMF0 arguments may be null.
        List<Object> arguments = values.size() > 3
                ? Collections.unmodifiableList(new ArrayList<>(values.subList(3, values.size()))) : List.of();
        return new Command(name, transactionId, commandObject, arguments, streamId);
    }
}
