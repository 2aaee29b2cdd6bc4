package dev.gatewise.teamtalk.session;

import dev.gatewise.im.ChatServices;
import dev.gatewise.teamtalk.TeamTalkSettings;
import dev.gatewise.teamtalk.login.Md5Credentials;
import dev.gatewise.teamtalk.wire.Command;
import io.netty.channel.ChannelHandler;
import java.util.EnumMap;
import java.util.Map;

/** The command table of a signed-in connection, and the per-connection handlers built on it. */
public final class Sessions {
    private final ChatServices chat;
    private final TeamTalkSettings settings;
    private final Md5Credentials credentials;
    private final Directory directory;
    private final Map<Command, CommandHandler> commands = new EnumMap<>(Command.class);
    private final PacketTranslator translator;

    public Sessions(ChatServices chat, TeamTalkSettings settings, Md5Credentials credentials, Directory directory,
                    Conversations conversations) {
        this.chat = chat;
        this.settings = settings;
        this.credentials = credentials;
        this.directory = directory;
        new BuddyCommands(chat, directory, conversations, settings.getMaxContacts(), settings.getMaxRecentSessions())
                .register(commands);
        new MessageCommands(chat, directory, conversations, settings.getMaxRecentSessions()).register(commands);
        new GroupCommands(chat, directory).register(commands);
        this.translator = new PacketTranslator(directory, conversations);
    }

    public ChannelHandler newSession() {
        return new SessionHandler(chat, credentials, directory, commands);
    }

    public ChannelHandler translator() {
        return translator;
    }
}
