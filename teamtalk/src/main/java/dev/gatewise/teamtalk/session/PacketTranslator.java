package dev.gatewise.teamtalk.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.message.Message;
import dev.gatewise.im.protocol.EncodedFrame;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ErrorFrame;
import dev.gatewise.im.protocol.FrameJson;
import dev.gatewise.im.protocol.ServerFrame;
import dev.gatewise.im.metrics.ChatMetrics;
import dev.gatewise.im.session.Connection;
import dev.gatewise.im.session.Transport;
import dev.gatewise.teamtalk.proto.Base;
import dev.gatewise.teamtalk.proto.Buddy;
import dev.gatewise.teamtalk.proto.Login;
import dev.gatewise.teamtalk.proto.Msg;
import dev.gatewise.teamtalk.wire.Command;
import dev.gatewise.teamtalk.wire.Packet;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine writes to a connection, in TeamTalk's terms. The engine writes the same objects to every
 * connection (its answers as {@link ServerFrame}s, its pushes as encoded JSON, the same bytes that cross nodes), so
 * a TeamTalk connection joins fan-out, replacement and cluster delivery unchanged, and this handler turns: an ack
 * into 0x0302 (with the request's seq), a message push into 0x0301, the user's own read mark from another device
 * into 0x0304, a presence change into 0x0203, being replaced into a kick (0x0107). The rest (typing, other users'
 * receipts, answers TeamTalk has no packet for) is dropped. Runs on a worker thread: numbers may need the store.
 */
@io.netty.channel.ChannelHandler.Sharable
public final class PacketTranslator extends ChannelOutboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(PacketTranslator.class);

    private final Directory directory;
    private final Conversations conversations;
    private final ChatMetrics metrics;

    PacketTranslator(Directory directory, Conversations conversations, ChatMetrics metrics) {
        this.directory = directory;
        this.conversations = conversations;
        this.metrics = metrics;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws IOException {
        if (msg instanceof Packet) {
            metrics.frameOut(Transport.TEAMTALK);
            ctx.write(msg, promise);
            return;
        }
        Connection connection = ctx.channel().attr(Connection.KEY).get();
        Packet packet = connection == null ? null : translate(connection, msg);
        if (packet == null) {
            promise.trySuccess();
            return;
        }
        metrics.frameOut(Transport.TEAMTALK);
        ctx.write(packet, promise);
    }

    private Packet translate(Connection connection, Object msg) throws IOException {
        if (msg instanceof ServerFrame.Ack ack) {
            ConversationId conversation = ConversationId.parse(ack.conversation());
            return Packet.of(Command.MSG_DATA_ACK, Integer.parseInt(ack.id()), Msg.IMMsgDataAck.newBuilder()
                    .setUserId(directory.userId(connection.user()))
                    .setSessionId(directory.sessionId(connection.user(), conversation))
                    .setMsgId((int) ack.seq())
                    .setSessionType(Directory.sessionType(conversation))
                    .build());
        }
        if (msg instanceof ErrorFrame error) {
            if (error.code() == ErrorCode.REPLACED) {
                return Packet.of(Command.KICK_USER, 0, Login.IMKickUser.newBuilder()
                        .setUserId(directory.userId(connection.user()))
                        .setKickReason(Base.KickReasonType.KICK_REASON_DUPLICATE_USER)
                        .build());
            }
            log.info("No TeamTalk packet for an error to {}: {} {}", connection, error.code().wireName(),
                    error.message());
            return null;
        }
        if (msg instanceof EncodedFrame encoded) {
            return pushed(connection, FrameJson.MAPPER.readTree(encoded.json()));
        }
        return null;
    }

    private Packet pushed(Connection connection, JsonNode frame) throws IOException {
        switch (frame.path("type").asText()) {
            case "push" -> {
                Message message = FrameJson.MAPPER.treeToValue(frame.get("message"), Message.class);
                return Packet.of(Command.MSG_DATA, 0, conversations.push(message));
            }
            case "receipt" -> {
                if (!frame.path("kind").asText().equals("read")
                        || !frame.path("user").asText().equals(connection.user())) {
                    return null;
                }
                ConversationId conversation = ConversationId.parse(frame.path("conversation").asText());
                return Packet.of(Command.MSG_READ_NOTIFY, 0, Msg.IMMsgDataReadNotify.newBuilder()
                        .setUserId(directory.userId(connection.user()))
                        .setSessionId(directory.sessionId(connection.user(), conversation))
                        .setMsgId((int) frame.path("seq").asLong())
                        .setSessionType(Directory.sessionType(conversation))
                        .build());
            }
            case "presence" -> {
                return Packet.of(Command.USER_STATUS_NOTIFY, 0, Buddy.IMUserStatNotify.newBuilder()
                        .setUserStat(Base.UserStat.newBuilder()
                                .setUserId(directory.userId(frame.path("user").asText()))
                                .setStatus(BuddyCommands.status(frame.path("status").asText())))
                        .build());
            }
            default -> {
                return null;
            }
        }
    }
}
