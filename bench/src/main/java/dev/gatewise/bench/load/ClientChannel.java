package dev.gatewise.bench.load;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/** A load-generator connection: writes one JSON frame in the transport's framing. */
public record ClientChannel(Channel channel, boolean webSocket) {
    public void write(byte[] json) {
        Object frame = webSocket ? new TextWebSocketFrame(Unpooled.wrappedBuffer(json))
                : Unpooled.buffer(4 + json.length).writeInt(json.length).writeBytes(json);
        channel.write(frame, channel.voidPromise());
    }

    public void flush() {
        channel.flush();
    }

    public void close() {
        channel.close().syncUninterruptibly();
    }
}
