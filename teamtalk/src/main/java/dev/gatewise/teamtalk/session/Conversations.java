package dev.gatewise.teamtalk.session;

import dev.gatewise.im.message.ConversationSummary;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.message.Message;
import dev.gatewise.teamtalk.content.MessageText;
import dev.gatewise.teamtalk.content.TeamTalkAudio;
import dev.gatewise.teamtalk.content.TextCipher;
import dev.gatewise.teamtalk.proto.Base;
import dev.gatewise.teamtalk.proto.Msg;
import com.google.protobuf.ByteString;

/** Stored messages and conversation summaries in TeamTalk's shapes, text encrypted as the clients expect. */
public final class Conversations {
    private final Directory directory;
    private final MessageText texts;
    private final TeamTalkAudio audio;
    private final TextCipher cipher = new TextCipher();

    public Conversations(Directory directory, MessageText texts, TeamTalkAudio audio) {
        this.directory = directory;
        this.texts = texts;
        this.audio = audio;
    }

    public TextCipher cipher() {
        return cipher;
    }

    public MessageText texts() {
        return texts;
    }

    public TeamTalkAudio audio() {
        return audio;
    }

    /** A message's type and data as TeamTalk clients take them: audio where they play the clip, else text. */
    private Body body(Message message) {
        ConversationId conversation = ConversationId.parse(message.conversation());
        if ("voice".equals(message.kind())) {
            var clip = audio.toClient(message.content());
            if (clip.isPresent()) {
                return new Body(conversation.isDirect() ? Base.MsgType.MSG_TYPE_SINGLE_AUDIO
                        : Base.MsgType.MSG_TYPE_GROUP_AUDIO, ByteString.copyFrom(clip.get()));
            }
        }
        return new Body(Directory.textType(conversation),
                ByteString.copyFrom(cipher.encrypt(texts.toClient(message.kind(), message.content()))));
    }

    private Body latest(ConversationId conversation, Message last) {
        return last == null ? new Body(Directory.textType(conversation), ByteString.EMPTY) : body(last);
    }

    private record Body(Base.MsgType type, ByteString data) {}

    /** A new message as pushed to a device: to_session_id is the recipient user (direct) or the group. */
    public Msg.IMMsgData push(Message message) {
        ConversationId conversation = ConversationId.parse(message.conversation());
        int to = conversation.isDirect() ? directory.userId(conversation.peerOf(message.from()))
                : directory.groupId(conversation.group());
        Body body = body(message);
        return Msg.IMMsgData.newBuilder()
                .setFromUserId(directory.userId(message.from()))
                .setToSessionId(to)
                .setMsgId((int) message.seq())
                .setCreateTime((int) (message.ts() / 1000))
                .setMsgType(body.type())
                .setMsgData(body.data())
                .build();
    }

    public Base.MsgInfo info(Message message) {
        Body body = body(message);
        return Base.MsgInfo.newBuilder()
                .setMsgId((int) message.seq())
                .setFromSessionId(directory.userId(message.from()))
                .setCreateTime((int) (message.ts() / 1000))
                .setMsgType(body.type())
                .setMsgData(body.data())
                .build();
    }

    public Base.ContactSessionInfo contact(String viewer, ConversationSummary summary) {
        ConversationId conversation = ConversationId.parse(summary.conversation());
        Message last = summary.lastMessage();
        Body body = latest(conversation, last);
        return Base.ContactSessionInfo.newBuilder()
                .setSessionId(directory.sessionId(viewer, conversation))
                .setSessionType(Directory.sessionType(conversation))
                .setSessionStatus(Base.SessionStatusType.SESSION_STATUS_OK)
                .setUpdatedTime(last == null ? 0 : (int) (last.ts() / 1000))
                .setLatestMsgId((int) summary.lastSeq())
                .setLatestMsgData(body.data())
                .setLatestMsgType(body.type())
                .setLatestMsgFromUserId(last == null ? 0 : directory.userId(last.from()))
                .build();
    }

    public Base.UnreadInfo unread(String viewer, ConversationSummary summary) {
        ConversationId conversation = ConversationId.parse(summary.conversation());
        Message last = summary.lastMessage();
        Body body = latest(conversation, last);
        return Base.UnreadInfo.newBuilder()
                .setSessionId(directory.sessionId(viewer, conversation))
                .setSessionType(Directory.sessionType(conversation))
                .setUnreadCnt((int) summary.unread())
                .setLatestMsgId((int) summary.lastSeq())
                .setLatestMsgData(body.data())
                .setLatestMsgType(body.type())
                .setLatestMsgFromUserId(last == null ? 0 : directory.userId(last.from()))
                .build();
    }
}
