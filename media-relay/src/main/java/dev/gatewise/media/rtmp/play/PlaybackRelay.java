package dev.gatewise.media.rtmp.play;

import dev.gatewise.media.rtmp.RtmpMetrics;
import dev.gatewise.media.rtmp.amf.Amf0Writer;
import dev.gatewise.media.rtmp.chunk.ControlMessages;
import dev.gatewise.media.rtmp.chunk.MessageType;
import dev.gatewise.media.rtmp.chunk.RtmpMessage;
import dev.gatewise.media.rtmp.session.Responses;
import dev.gatewise.media.stream.AudioFrame;
import dev.gatewise.media.stream.StreamSink;
import dev.gatewise.media.stream.VideoFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays one live stream to RTMP players: a sink of the stream that turns what it gets back into FLV-style messages,
 * keeps the metadata, the sequence headers and the current group of pictures (from the latest keyframe), and sends
 * a player that joins all of these before the live messages. Confined to the publisher's event loop; players join
 * and leave through {@link #join} and {@link #leave}, which hop onto it.
 */
public final class PlaybackRelay implements StreamSink {
    private static final Logger log = LoggerFactory.getLogger(PlaybackRelay.class);
    private static final byte[] AVC_SEQUENCE_HEADER = {0x17, 0, 0, 0, 0};
    // 0xAF: AAC; the rate, size and channel bits are fixed for AAC, which carries its own in the config.
    private static final byte[] AAC_SEQUENCE_HEADER = {(byte) 0xAF, 0};
    private static final byte[] AAC_RAW = {(byte) 0xAF, 1};

    private final String name;
    private final EventExecutor loop;
    private final int maxPlayers;
    private final int maxGopBytes;
    private final PlaybackDirectory directory;
    private final RtmpMetrics metrics;
    private final List<Player> players = new ArrayList<>();
    private final List<MediaMessage> gop = new ArrayList<>();
    private long gopBytes;
    private boolean gopTooLong;
    private byte[] metadata;
    private MediaMessage videoConfig;
    private MediaMessage audioConfig;
    private long latestTimestamp;
    private boolean ended;

    /**
     * Creates the relay for a stream published on {@code loop}; {@link PlaybackDirectory#register} makes it
     * findable.
     */
    public PlaybackRelay(String name, EventExecutor loop, int maxPlayers, int maxGopBytes,
            PlaybackDirectory directory, RtmpMetrics metrics) {
        this.name = name;
        this.loop = loop;
        this.maxPlayers = maxPlayers;
        this.maxGopBytes = maxGopBytes;
        this.directory = directory;
        this.metrics = metrics;
    }

    public String name() {
        return name;
    }

    /** Starts playing to a player; it is refused if the stream has ended or has too many players. */
    public void join(Player player) {
        onLoop(() -> {
            if (ended) {
                player.refuse("NetStream.Play.StreamNotFound", "stream " + name + " is not live");
            } else if (players.size() >= maxPlayers) {
                player.refuse("NetStream.Play.Failed", "stream " + name + " has too many players");
            } else {
                start(player);
                players.add(player);
                metrics.playerJoined();
                log.info("RTMP player {} plays stream {}", player.channel().remoteAddress(), name);
            }
        });
    }

    public void leave(Player player) {
        onLoop(() -> {
            if (players.remove(player)) {
                left(player);
            }
        });
    }

    private void start(Player player) {
        int streamId = player.streamId();
        long timestamp = gop.isEmpty() ? latestTimestamp : gop.get(0).timestamp();
        player.write(ControlMessages.userControl(ControlMessages.USER_STREAM_BEGIN, streamId));
        player.write(Responses.onStatus(streamId, Responses.STATUS, "NetStream.Play.Reset", "playing " + name));
        player.write(Responses.onStatus(streamId, Responses.STATUS, "NetStream.Play.Start", "playing " + name));
        player.write(Responses.data(streamId, 0, "|RtmpSampleAccess", true, true));
        if (metadata != null) {
            player.write(new RtmpMessage(MessageType.DATA_AMF0, streamId, timestamp, Unpooled.wrappedBuffer(metadata)));
        }
        for (MediaMessage config : new MediaMessage[] {videoConfig, audioConfig}) {
            if (config != null) {
                player.write(new MediaMessage(config.type(), timestamp, false, config.header(), config.data())
                        .toRtmp(streamId));
            }
        }
        for (MediaMessage message : gop) {
            player.writeMedia(message);
        }
        player.flush();
    }

    @Override
    public void onMetadata(Map<String, Object> values) {
        ByteBuf encoded = Unpooled.buffer();
        Amf0Writer.write(encoded, "onMetaData");
        Amf0Writer.writeEcmaArray(encoded, values);
        metadata = new byte[encoded.readableBytes()];
        encoded.readBytes(metadata);
        for (Player player : players) {
            player.write(new RtmpMessage(MessageType.DATA_AMF0, player.streamId(), latestTimestamp,
                    Unpooled.wrappedBuffer(metadata)));
            player.flush();
        }
    }

    @Override
    public void onVideoConfig(byte[] record) {
        videoConfig = new MediaMessage(MessageType.VIDEO, latestTimestamp, false, AVC_SEQUENCE_HEADER, record);
        sendConfig(videoConfig);
    }

    @Override
    public void onAudioConfig(byte[] config) {
        audioConfig = new MediaMessage(MessageType.AUDIO, latestTimestamp, false, AAC_SEQUENCE_HEADER, config);
        sendConfig(audioConfig);
    }

    @Override
    public void onVideo(VideoFrame frame) {
        int cts = frame.compositionOffset();
        byte[] header = {(byte) (frame.keyframe() ? 0x17 : 0x27), 1, (byte) (cts >> 16), (byte) (cts >> 8),
            (byte) cts};
        MediaMessage message = new MediaMessage(MessageType.VIDEO, frame.dts(), frame.keyframe(), header,
                frame.avcc());
        if (frame.keyframe()) {
            gop.clear();
            gopBytes = 0;
            gopTooLong = false;
        }
        cache(message);
        sendToAll(message, frame.keyframe());
    }

    @Override
    public void onAudio(AudioFrame frame) {
        MediaMessage message = new MediaMessage(MessageType.AUDIO, frame.dts(), false, AAC_RAW, frame.aac());
        // Audio is cached only inside a group of pictures; a stream without video starts players at the live edge.
        if (!gop.isEmpty()) {
            cache(message);
        }
        sendToAll(message, videoConfig == null);
    }

    @Override
    public void onEnd(boolean clean) {
        ended = true;
        directory.unregister(this);
        for (Player player : players) {
            player.streamEnded();
            left(player);
        }
        players.clear();
        gop.clear();
    }

    private void cache(MediaMessage message) {
        if (gopTooLong) {
            return;
        }
        gopBytes += message.size();
        if (gopBytes > maxGopBytes) {
            // Players that join now wait for the next keyframe instead; memory stays bounded.
            gopTooLong = true;
            gop.clear();
            return;
        }
        gop.add(message);
    }

    /** A changed configuration goes even to players that are behind: the frames they resume with need it. */
    private void sendConfig(MediaMessage config) {
        for (Player player : players) {
            player.writeMedia(config);
            player.flush();
        }
    }

    private void sendToAll(MediaMessage message, boolean resumable) {
        latestTimestamp = Math.max(latestTimestamp, message.timestamp());
        players.removeIf(player -> {
            if (!player.isConnected()) {
                left(player);
                return true;
            }
            player.offer(message, resumable);
            return false;
        });
    }

    private void left(Player player) {
        metrics.playerLeft();
        log.info("RTMP player {} left stream {}, {} frames dropped while it was behind",
                player.channel().remoteAddress(), name, player.dropped());
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // The publisher's event loop is shutting down with the server; the player's connection goes with it.
        }
    }
}
