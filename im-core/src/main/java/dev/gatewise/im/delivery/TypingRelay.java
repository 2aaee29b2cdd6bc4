package dev.gatewise.im.delivery;

import dev.gatewise.im.account.AccountService;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.protocol.ClientFrame;
import dev.gatewise.im.protocol.EncodedFrame;
import dev.gatewise.im.protocol.ServerFrame;
import dev.gatewise.im.session.Connection;

/** "Is typing" notices: passed on to whoever is connected now, never stored. */
public final class TypingRelay {
    private final ConversationAccess access;
    private final Fanout fanout;

    public TypingRelay(ConversationAccess access, Fanout fanout) {
        this.access = access;
        this.fanout = fanout;
    }

    public void typing(Connection typist, ClientFrame.Typing frame) {
        ConversationId conversation = frame.to() != null
                ? ConversationId.direct(typist.user(), AccountService.normalize(frame.to()))
                : access.check(typist.user(), ConversationId.group(frame.group()).value());
        var notice = EncodedFrame.of(new ServerFrame.TypingNotice(conversation.value(), typist.user()));
        fanout.toUsers(access.participants(conversation), notice, typist, 0);
    }
}
