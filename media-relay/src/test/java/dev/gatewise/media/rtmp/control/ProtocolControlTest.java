package dev.gatewise.media.rtmp.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.media.rtmp.chunk.ControlMessages;
import dev.gatewise.media.rtmp.chunk.MessageType;
import dev.gatewise.media.rtmp.chunk.RtmpMessage;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class ProtocolControlTest {
    private final AcknowledgementHandler acknowledgements = new AcknowledgementHandler();
    private final EmbeddedChannel channel = new EmbeddedChannel(acknowledgements,
            new ProtocolControlHandler(acknowledgements));

    @Test
    void acknowledgesEachTimeThePeersWindowFills() {
        channel.writeInbound(ControlMessages.windowAckSize(1000));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[600]));
        assertThat((Object) channel.readOutbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[600]));
        RtmpMessage ack = channel.readOutbound();
        assertThat(ack.type()).isEqualTo(MessageType.ACKNOWLEDGEMENT);
        assertThat(ack.content().getInt(0)).isEqualTo(1200);
        ack.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void answersPingsAndPassesOtherMessagesOn() {
        channel.writeInbound(ControlMessages.userControl(ControlMessages.USER_PING_REQUEST, 123456));
        RtmpMessage pong = channel.readOutbound();
        assertThat(pong.content().getShort(0)).isEqualTo((short) ControlMessages.USER_PING_RESPONSE);
        assertThat(pong.content().getInt(2)).isEqualTo(123456);
        pong.release();
        RtmpMessage video = new RtmpMessage(MessageType.VIDEO, 1, 0, Unpooled.wrappedBuffer(new byte[] {0x17}));
        channel.writeInbound(video);
        assertThat((Object) channel.readInbound()).isSameAs(video);
        video.release();
        channel.finishAndReleaseAll();
    }
}
