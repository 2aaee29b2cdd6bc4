package dev.gatewise.media.rtmp.play;

import dev.gatewise.media.rtmp.RtmpMetrics;
import dev.gatewise.media.rtmp.chunk.ControlMessages;
import dev.gatewise.media.rtmp.chunk.RtmpMessage;
import dev.gatewise.media.rtmp.session.Responses;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTMP connection playing a stream. Its methods run on the publisher's event loop, which writes to the player's
 * channel (Netty hands the writes to the player's own loop). When the player's write buffer is over its high
 * watermark it falls behind: frames are dropped, and counted, until the next keyframe after it has caught up, so a
 * slow player costs bounded memory and resumes with a picture it can decode.
 */
public final class Player {
    private static final Logger log = LoggerFactory.getLogger(Player.class);
    /** How long a player that stopped reading keeps its connection after the stream ends. */
    private static final long END_GRACE_SECONDS = 5;
    private final Channel channel;
    private final int streamId;
    private final RtmpMetrics metrics;
    private boolean behind;
    private long dropped;

    public Player(Channel channel, int streamId, RtmpMetrics metrics) {
        this.channel = channel;
        this.streamId = streamId;
        this.metrics = metrics;
    }

    Channel channel() {
        return channel;
    }

    boolean isConnected() {
        return channel.isActive();
    }

    void write(RtmpMessage message) {
        channel.write(message);
    }

    void writeMedia(MediaMessage message) {
        channel.write(message.toRtmp(streamId));
    }

    void flush() {
        channel.flush();
    }

    /** Frames not sent because the player was behind. */
    long dropped() {
        return dropped;
    }

    int streamId() {
        return streamId;
    }

    /**
     * Sends a live message unless the player is behind.
     *
     * @param resumable whether a player that fell behind may start again here: a keyframe, or any frame of a stream
     *     without video
     */
    void offer(MediaMessage message, boolean resumable) {
        if (!channel.isWritable()) {
            if (!behind) {
                log.debug("RTMP player {} fell behind; dropping frames until it catches up", channel.remoteAddress());
            }
            behind = true;
        } else if (behind && resumable) {
            behind = false;
        }
        if (behind) {
            dropped++;
            metrics.frameDropped();
            return;
        }
        channel.writeAndFlush(message.toRtmp(streamId));
    }

    /**
     * Tells the player the stream is over and closes its connection once that is sent, or after a grace period if
     * the player has stopped reading and it never is.
     */
    void streamEnded() {
        channel.write(Responses.onStatus(streamId, Responses.STATUS, "NetStream.Play.UnpublishNotify",
                "the stream has ended"));
        channel.writeAndFlush(ControlMessages.userControl(ControlMessages.USER_STREAM_EOF, streamId))
                .addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule((Runnable) channel::close, END_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    /** Refuses the play with a status error and closes the connection. */
    void refuse(String code, String description) {
        channel.writeAndFlush(Responses.onStatus(streamId, Responses.ERROR, code, description))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
