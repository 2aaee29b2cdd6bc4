package dev.gatewise.teamtalk.session;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewise.im.message.ConversationSummary;
import dev.gatewise.im.ChatServices;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.message.CursorKind;
import dev.gatewise.im.message.Message;
import dev.gatewise.im.protocol.ClientFrame;
import dev.gatewise.im.transport.FrameHandlers;
import dev.gatewise.im.session.Connection;
import dev.gatewise.teamtalk.content.MessageText;
import dev.gatewise.teamtalk.proto.Msg;
import dev.gatewise.teamtalk.wire.BadPacketException;
import dev.gatewise.teamtalk.wire.Command;
import dev.gatewise.teamtalk.wire.Packet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Service 3: sending (the ack comes from {@link PacketTranslator}), read marks, unread counts, history. */
final class MessageCommands {
    private static final Logger log = LoggerFactory.getLogger(MessageCommands.class);
    /** The engine's largest page. */
    private static final int MAX_PAGE = 200;

    private final ChatServices chat;
    private final Directory directory;
    private final Conversations conversations;
    private final int maxSessions;

    MessageCommands(ChatServices chat, Directory directory, Conversations conversations, int maxSessions) {
        this.chat = chat;
        this.directory = directory;
        this.conversations = conversations;
        this.maxSessions = maxSessions;
    }

    void register(Map<Command, CommandHandler> table) {
        table.put(Command.MSG_DATA, this::send);
        table.put(Command.MSG_READ_ACK, this::read);
        table.put(Command.TIME_REQ, (c, p, t) -> Packet.of(Command.TIME_RES, p.seq(),
                Msg.IMClientTimeRsp.newBuilder().setServerTime(now()).build()));
        table.put(Command.UNREAD_CNT_REQ, this::unread);
        table.put(Command.MSG_LIST_REQ, this::list);
        table.put(Command.LATEST_MSG_ID_REQ, this::latest);
    }

    static int now() {
        return (int) (System.currentTimeMillis() / 1000);
    }

    private Packet send(Connection connection, Packet packet, long arrived) throws
            com.google.protobuf.InvalidProtocolBufferException {
        var data = Msg.IMMsgData.parseFrom(packet.body());
        boolean group;
        boolean audio = false;
        switch (data.getMsgType()) {
            case MSG_TYPE_SINGLE_TEXT, MSG_TYPE_SINGLE_OTHER -> group = false;
            case MSG_TYPE_GROUP_TEXT -> group = true;
            case MSG_TYPE_SINGLE_AUDIO -> {
                group = false;
                audio = true;
            }
            case MSG_TYPE_GROUP_AUDIO -> {
                group = true;
                audio = true;
            }
            default -> {
                log.info("Dropping a {} message from {}: only text, images and audio are supported",
                        data.getMsgType(), connection);
                return null;
            }
        }
        Optional<String> target = group ? directory.group(data.getToSessionId())
                : directory.user(data.getToSessionId());
        if (target.isEmpty()) {
            log.info("Dropping a message from {} to unknown {} {}", connection, group ? "group" : "user",
                    data.getToSessionId());
            return null;
        }
        if (audio) {
            sendAudio(connection, packet, data, group, target.get(), arrived);
            return null;
        }
        String text;
        try {
            text = conversations.cipher().decrypt(data.getMsgData().toByteArray());
        } catch (IllegalArgumentException e) {
            throw new BadPacketException("undecryptable message data: " + e.getMessage());
        }
        MessageText.Draft draft = conversations.texts().fromClient(text);
        store(connection, packet, data, group, target.get(), draft.kind(), draft.content(), arrived);
        return null;
    }

    /**
     * An audio message: its recording becomes the sender's voice clip (stored and processed off this thread), then a
     * voice message; acked once stored like any message. A clip the file service refuses is dropped with a log line
     * (TeamTalk has no error answer).
     */
    private void sendAudio(Connection connection, Packet packet, Msg.IMMsgData data, boolean group, String target,
                           long arrived) {
        conversations.audio().store(connection.user(), data.getMsgData().toByteArray())
                .whenCompleteAsync((id, failure) -> {
                    if (failure != null) {
                        log.info("Dropping an audio message from {}: {}", connection, failure.getMessage());
                    } else {
                        store(connection, packet, data, group, target, "voice",
                                JsonNodeFactory.instance.objectNode().put("id", id), arrived);
                    }
                }, connection.worker());
    }

    private void store(Connection connection, Packet packet, Msg.IMMsgData data, boolean group, String target,
                       String kind, ObjectNode content, long arrived) {
        ClientFrame.Send frame;
        try {
            // The client's own id of the message, made unique: its counter restarts with the app.
            frame = new ClientFrame.Send(Integer.toString(packet.seq()), clientMsgId(data), group ? null : target,
                    group ? target : null, kind, content);
        } catch (IllegalArgumentException e) {
            log.info("Dropping a message from {}: {}", connection, e.getMessage());
            return;
        }
        chat.messaging().send(connection, frame.to(), frame.group(), frame.kind(), frame.content(),
                frame.clientMsgId(), arrived, FrameHandlers.acks(connection, frame.id()));
    }

    private static String clientMsgId(Msg.IMMsgData data) {
        var crc = new CRC32();
        crc.update(data.getMsgData().toByteArray());
        return "tt-" + data.getCreateTime() + "-" + Integer.toUnsignedString(data.getMsgId()) + "-"
                + Long.toHexString(crc.getValue());
    }

    private Packet read(Connection connection, Packet packet, long arrived) throws
            com.google.protobuf.InvalidProtocolBufferException {
        var ack = Msg.IMMsgDataReadAck.parseFrom(packet.body());
        directory.conversation(connection.user(), ack.getSessionType(), ack.getSessionId()).ifPresent(conversation ->
                chat.receipts().receipt(connection, conversation.value(),
                        Integer.toUnsignedLong(ack.getMsgId()), CursorKind.READ));
        return null;
    }

    private Packet unread(Connection connection, Packet packet, long arrived) throws
            com.google.protobuf.InvalidProtocolBufferException {
        Msg.IMUnreadMsgCntReq.parseFrom(packet.body());
        var answer = Msg.IMUnreadMsgCntRsp.newBuilder().setUserId(directory.userId(connection.user()));
        int total = 0;
        for (ConversationSummary summary : chat.conversations().recent(connection.user(), maxSessions)) {
            if (summary.unread() > 0) {
                answer.addUnreadinfoList(conversations.unread(connection.user(), summary));
                total += (int) summary.unread();
            }
        }
        return Packet.of(Command.UNREAD_CNT_RES, packet.seq(), answer.setTotalCnt(total).build());
    }

    /** {@code msg_cnt} messages up to and including {@code msg_id_begin} (0: the newest), newest first. */
    private Packet list(Connection connection, Packet packet, long arrived) throws
            com.google.protobuf.InvalidProtocolBufferException {
        var request = Msg.IMGetMsgListReq.parseFrom(packet.body());
        var answer = Msg.IMGetMsgListRsp.newBuilder()
                .setUserId(directory.userId(connection.user()))
                .setSessionType(request.getSessionType())
                .setSessionId(request.getSessionId())
                .setMsgIdBegin(request.getMsgIdBegin());
        Optional<ConversationId> conversation = directory.conversation(connection.user(), request.getSessionType(),
                request.getSessionId());
        int count = (int) Math.min(Integer.toUnsignedLong(request.getMsgCnt()), MAX_PAGE);
        if (conversation.isPresent() && count > 0) {
            long begin = Integer.toUnsignedLong(request.getMsgIdBegin());
            List<Message> page = chat.messaging().history(connection.user(), conversation.get().value(),
                    begin == 0 ? Long.MAX_VALUE : begin + 1, count).messages();
            for (int i = page.size() - 1; i >= 0; i--) {
                answer.addMsgList(conversations.info(page.get(i)));
            }
        }
        return Packet.of(Command.MSG_LIST_RES, packet.seq(), answer.build());
    }

    private Packet latest(Connection connection, Packet packet, long arrived) throws
            com.google.protobuf.InvalidProtocolBufferException {
        var request = Msg.IMGetLatestMsgIdReq.parseFrom(packet.body());
        long latest = directory.conversation(connection.user(), request.getSessionType(), request.getSessionId())
                .map(conversation -> chat.messaging().history(connection.user(), conversation.value(),
                        Long.MAX_VALUE, 1).lastSeq())
                .orElse(0L);
        return Packet.of(Command.LATEST_MSG_ID_RES, packet.seq(), Msg.IMGetLatestMsgIdRsp.newBuilder()
                .setUserId(directory.userId(connection.user()))
                .setSessionType(request.getSessionType())
                .setSessionId(request.getSessionId())
                .setLatestMsgId((int) latest)
                .build());
    }
}
