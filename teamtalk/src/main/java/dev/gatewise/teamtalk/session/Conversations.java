package dev.gatewise.teamtalk.session;

import dev.gatewise.im.message.ConversationSummary;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.message.Message;
import dev.gatewise.teamtalk.content.MessageText;
import dev.gatewise.teamtalk.content.TextCipher;
import dev.gatewise.teamtalk.proto.Base;
import dev.gatewise.teamtalk.proto.Msg;
import com.google.protobuf.ByteString;

/** Stored messages and conversation summaries in TeamTalk's shapes, text encrypted as the clients expect. */
public final class Conversations {
    private final Directory directory;
    private final MessageText texts;
    private final TextCipher cipher = new TextCipher();

    public Conversations(Directory directory, MessageText texts) {
        this.directory = directory;
        this.texts = texts;
    }

    public TextCipher cipher() {
        return cipher;
    }

    public MessageText texts() {
        return texts;
    }

    public ByteString data(Message message) {
        return ByteString.copyFrom(cipher.encrypt(texts.toClient(message.kind(), message.content())));
    }

    /** A new message as pushed to a device: to_session_id is the recipient user (direct) or the group. */
    public Msg.IMMsgData push(Message message) {
        ConversationId conversation = ConversationId.parse(message.conversation());
        int to = conversation.isDirect() ? directory.userId(conversation.peerOf(message.from()))
                : directory.groupId(conversation.group());
        return Msg.IMMsgData.newBuilder()
                .setFromUserId(directory.userId(message.from()))
                .setToSessionId(to)
                .setMsgId((int) message.seq())
                .setCreateTime((int) (message.ts() / 1000))
                .setMsgType(Directory.textType(conversation))
                .setMsgData(data(message))
                .build();
    }

    public Base.MsgInfo info(Message message) {
        return Base.MsgInfo.newBuilder()
                .setMsgId((int) message.seq())
                .setFromSessionId(directory.userId(message.from()))
                .setCreateTime((int) (message.ts() / 1000))
                .setMsgType(Directory.textType(ConversationId.parse(message.conversation())))
                .setMsgData(data(message))
                .build();
    }

    public Base.ContactSessionInfo contact(String viewer, ConversationSummary summary) {
        ConversationId conversation = ConversationId.parse(summary.conversation());
        Message last = summary.lastMessage();
        return Base.ContactSessionInfo.newBuilder()
                .setSessionId(directory.sessionId(viewer, conversation))
                .setSessionType(Directory.sessionType(conversation))
                .setSessionStatus(Base.SessionStatusType.SESSION_STATUS_OK)
                .setUpdatedTime(last == null ? 0 : (int) (last.ts() / 1000))
                .setLatestMsgId((int) summary.lastSeq())
                .setLatestMsgData(last == null ? ByteString.EMPTY : data(last))
                .setLatestMsgType(Directory.textType(conversation))
                .setLatestMsgFromUserId(last == null ? 0 : directory.userId(last.from()))
                .build();
    }

    public Base.UnreadInfo unread(String viewer, ConversationSummary summary) {
        ConversationId conversation = ConversationId.parse(summary.conversation());
        Message last = summary.lastMessage();
        return Base.UnreadInfo.newBuilder()
                .setSessionId(directory.sessionId(viewer, conversation))
                .setSessionType(Directory.sessionType(conversation))
                .setUnreadCnt((int) summary.unread())
                .setLatestMsgId((int) summary.lastSeq())
                .setLatestMsgData(last == null ? ByteString.EMPTY : data(last))
                .setLatestMsgType(Directory.textType(conversation))
                .setLatestMsgFromUserId(last == null ? 0 : directory.userId(last.from()))
                .build();
    }
}
