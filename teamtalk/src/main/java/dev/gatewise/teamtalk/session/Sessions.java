package dev.gatewise.teamtalk.session;

import dev.gatewise.im.ChatServices;
import dev.gatewise.teamtalk.TeamTalkSettings;
import dev.gatewise.teamtalk.wire.Command;
import io.netty.channel.ChannelHandler;
import java.util.EnumMap;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The command table of a signed-in connection, and the per-connection handlers built on it. */
public final class Sessions {
    private final ChatServices chat;
    private final TeamTalkSettings settings;
    private final Directory directory;
    private final Map<Command, CommandHandler> commands = new EnumMap<>(Command.class);
    private final PacketTranslator translator;
    private final Set<String> trustedProxies;

    public Sessions(ChatServices chat, TeamTalkSettings settings, Directory directory,
                    Conversations conversations) {
        this.chat = chat;
        this.settings = settings;
        this.directory = directory;
        new BuddyCommands(chat, directory, conversations, settings.getMaxContacts(), settings.getMaxRecentSessions())
                .register(commands);
        new MessageCommands(chat, directory, conversations, settings.getMaxRecentSessions()).register(commands);
        new GroupCommands(chat, directory).register(commands);
        this.translator = new PacketTranslator(directory, conversations, chat.metrics());
        this.trustedProxies = chat.settings().getTrustedProxies().stream().map(Sessions::canonical)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** An address literal as {@link java.net.InetAddress#getHostAddress} writes it (::1 is 0:0:0:0:0:0:0:1). */
    private static String canonical(String address) {
        try {
            return InetAddress.getByName(address.trim()).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + address, e);
        }
    }

    public ChannelHandler newSession() {
        return new SessionHandler(chat, directory, commands, trustedProxies);
    }

    public ChannelHandler translator() {
        return translator;
    }
}
