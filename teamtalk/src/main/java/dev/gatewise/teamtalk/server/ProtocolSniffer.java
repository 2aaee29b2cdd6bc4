package dev.gatewise.teamtalk.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Port unification: one port for TeamTalk's raw TCP packets and its WebSocket clients. A packet starts with its
 * length, whose first byte is 0 below 16 MiB; an HTTP request starts with a method's letter. The first byte decides,
 * then this handler hands the connection to {@link TeamTalkPipeline} and leaves.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {
    private final TeamTalkPipeline pipeline;

    ProtocolSniffer(TeamTalkPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        byte first = in.getByte(in.readerIndex());
        if (first >= 'A' && first <= 'Z') {
            pipeline.webSocket(ctx.pipeline());
        } else {
            pipeline.tcp(ctx.pipeline());
        }
        ctx.pipeline().remove(this);
    }
}
