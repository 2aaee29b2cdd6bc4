package dev.gatewise.teamtalk.session;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gatewise.access.AccessDenied;
import dev.gatewise.access.AccessRequest;
import dev.gatewise.access.Action;
import dev.gatewise.access.Credentials;
import dev.gatewise.access.Protocol;
import dev.gatewise.im.ChatServices;
import dev.gatewise.im.account.LoginThrottledException;
import dev.gatewise.im.protocol.ErrorCode;
import dev.gatewise.im.protocol.ProtocolException;
import dev.gatewise.im.session.Connection;
import dev.gatewise.im.session.Transport;
import dev.gatewise.im.store.StoreUnavailableException;
import dev.gatewise.teamtalk.proto.Base;
import dev.gatewise.teamtalk.proto.Login;
import dev.gatewise.teamtalk.proto.Other;
import dev.gatewise.teamtalk.wire.BadPacketException;
import dev.gatewise.teamtalk.wire.Command;
import dev.gatewise.teamtalk.wire.Packet;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TeamTalk connection's state: the first packet must be a login (see {@link LoginDeadline}); once signed in the
 * connection is an engine {@link Connection} like any JSON client's (fan-out reaches it, presence counts it) and
 * each packet goes to its command's handler. Runs on a worker thread (store calls and hashing block), one connection's
 * packets in order. A packet that is not a known command, or whose body does not parse, closes the connection.
 */
public final class SessionHandler extends SimpleChannelInboundHandler<Packet> {
    private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);

    private final ChatServices chat;
    private final Directory directory;
    private final Map<Command, CommandHandler> commands;
    private final Set<String> trustedProxies;
    private Connection connection;

    SessionHandler(ChatServices chat, Directory directory,
                   Map<Command, CommandHandler> commands, Set<String> trustedProxies) {
        this.chat = chat;
        this.directory = directory;
        this.commands = commands;
        this.trustedProxies = trustedProxies;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Packet packet) throws InvalidProtocolBufferException {
        long arrived = System.nanoTime();
        chat.metrics().frameIn(Transport.TEAMTALK);
        Command command = packet.known();
        if (command == Command.HEARTBEAT) {
            Other.IMHeartBeat.parseFrom(packet.body());
            ctx.channel().writeAndFlush(Packet.of(Command.HEARTBEAT, packet.seq(), Other.IMHeartBeat.getDefaultInstance()));
            return;
        }
        if (connection == null) {
            if (command != Command.LOGIN_REQ) {
                throw new BadPacketException("the first packet must be a login, got " + packet);
            }
            login(ctx, packet);
            return;
        }
        if (command == Command.LOGOUT_REQ) {
            Login.IMLogoutReq.parseFrom(packet.body());
            ctx.channel().writeAndFlush(Packet.of(Command.LOGOUT_RES, packet.seq(),
                    Login.IMLogoutRsp.newBuilder().setResultCode(0).build())).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        CommandHandler handler = command == null ? null : commands.get(command);
        if (handler == null) {
            throw new BadPacketException("unknown or unsupported command " + packet);
        }
        Packet answer;
        try {
            answer = handler.handle(connection, packet, arrived);
        } catch (ProtocolException e) {
            log.info("Refused {} of {}: {}", command, connection, e.getMessage());
            return;
        } catch (StoreUnavailableException e) {
            log.warn("Store unavailable for {} of {}: {}", command, connection, e.getMessage());
            return;
        }
        if (answer != null) {
            ctx.channel().writeAndFlush(answer);
        }
    }

    /**
     * Through the one access check, which verifies the MD5 hex with the adapter's {@code Md5Credentials} and
     * throttles as the API's logins are: failures count the same whichever way.
     */
    private void login(ChannelHandlerContext ctx, Packet packet) throws InvalidProtocolBufferException {
        var request = Login.IMLoginReq.parseFrom(packet.body());
        String user;
        try {
            user = chat.access().check(AccessRequest.of(Protocol.TEAMTALK, Action.LOGIN, null,
                    Credentials.password(request.getUserName(), request.getPassword())).from(clientAddress(ctx)));
        } catch (LoginThrottledException | AccessDenied e) {
            refuse(ctx, packet, request, e.getMessage());
            return;
        }
        LoginDeadline.met(ctx.channel());
        // TeamTalk signs a user in once per kind of client: a second phone replaces the first.
        String device = "teamtalk-" + request.getClientType().name().substring("CLIENT_TYPE_".length())
                .toLowerCase(Locale.ROOT);
        connection = new Connection(ctx.channel(), user, device, Transport.TEAMTALK, ctx.executor());
        ctx.channel().attr(Connection.KEY).set(connection);
        try {
            chat.presence().connected(connection).ifPresent(old -> {
                log.info("{} replaced by a new connection of the same device", old);
                old.close(ErrorCode.REPLACED, "signed in again on the same device");
            });
        } catch (StoreUnavailableException e) {
            log.warn("Could not record {} as online: {}", connection, e.getMessage());
        }
        ctx.channel().writeAndFlush(Packet.of(Command.LOGIN_RES, packet.seq(), Login.IMLoginRes.newBuilder()
                .setServerTime(MessageCommands.now())
                .setResultCode(Base.ResultType.REFUSE_REASON_NONE)
                .setResultString("")
                .setOnlineStatus(Base.UserStatType.USER_STATUS_ONLINE)
                .setUserInfo(directory.userInfo(user))
                .build()));
        log.debug("Signed in {}", connection);
    }

    /**
     * The peer's address, for the per-address throttle; null behind a trusted proxy (nginx's stream module hides the
     * client, and counting nginx would throttle everyone behind it): the per-account limit still holds there.
     */
    private String clientAddress(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String peer = inet.getAddress().getHostAddress();
            return trustedProxies.contains(peer) ? null : peer;
        }
        return null;
    }

    private void refuse(ChannelHandlerContext ctx, Packet packet, Login.IMLoginReq request, String reason) {
        log.info("TeamTalk login refused for '{}' from {}: {}", request.getUserName(), ctx.channel().remoteAddress(),
                reason);
        ctx.channel().writeAndFlush(Packet.of(Command.LOGIN_RES, packet.seq(), Login.IMLoginRes.newBuilder()
                .setServerTime(MessageCommands.now())
                .setResultCode(Base.ResultType.REFUSE_REASON_DB_VALIDATE_FAILED)
                .setResultString(reason)
                .build())).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connection != null) {
            try {
                chat.presence().disconnected(connection);
            } catch (RuntimeException e) {
                log.warn("Could not record {} going offline", connection, e);
            }
        }
        ctx.fireChannelInactive();
    }
}
