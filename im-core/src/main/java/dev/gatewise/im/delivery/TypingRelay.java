package dev.gatewise.im.delivery;

import dev.gatewise.access.UserNames;
import dev.gatewise.im.account.AccountService;
import dev.gatewise.im.message.ConversationId;
import dev.gatewise.im.protocol.ClientFrame;
import dev.gatewise.im.protocol.EncodedFrame;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ProtocolException;
import dev.gatewise.im.protocol.ServerFrame;
import dev.gatewise.im.session.Connection;

/** "Is typing" notices: passed on to whoever is connected now, never stored. */
public final class TypingRelay {
    private final ConversationAccess access;
    private final AccountService accounts;
    private final Fanout fanout;

    public TypingRelay(ConversationAccess access, AccountService accounts, Fanout fanout) {
        this.access = access;
        this.accounts = accounts;
        this.fanout = fanout;
    }

    /** Passes the notice on; to a user who does not exist it is {@code not_found}, as a send would be. */
    public void typing(Connection typist, ClientFrame.Typing frame) {
        ConversationId conversation;
        if (frame.to() != null) {
            String to = UserNames.normalize(frame.to());
            if (!accounts.exists(to)) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "no user '" + frame.to() + "'");
            }
            conversation = ConversationId.direct(typist.user(), to);
        } else {
            conversation = access.check(typist.user(), ConversationId.group(frame.group()).value());
        }
        var notice = EncodedFrame.of(new ServerFrame.TypingNotice(conversation.value(), typist.user()));
        fanout.toUsers(access.participants(conversation), notice, typist, 0);
    }
}
