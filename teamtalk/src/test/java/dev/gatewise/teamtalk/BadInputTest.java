package dev.gatewise.teamtalk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.teamtalk.proto.Base;
import dev.gatewise.teamtalk.proto.Msg;
import dev.gatewise.teamtalk.proto.Other;
import dev.gatewise.teamtalk.testing.TeamTalkClient;
import dev.gatewise.teamtalk.testing.TeamTalkNode;
import dev.gatewise.teamtalk.wire.Command;
import dev.gatewise.teamtalk.wire.Packet;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and broken clients: each gets its connection closed (with the reason logged), and a bystander signed in on
 * the same port goes on chatting.
 */
class BadInputTest {
    static TeamTalkNode node;

    @BeforeAll
    static void start() throws Exception {
        node = new TeamTalkNode(chat -> {}, tt -> {
            tt.setMaxPacketBytes(4096);
            // Long enough for a login (an Argon2id hash) on a busy machine, short enough to wait for.
            tt.setLoginTimeout(Duration.ofSeconds(4));
        }, null);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static TeamTalkClient connect(String transport) throws Exception {
        return transport.equals("tcp") ? node.tcp() : node.webSocket();
    }

    static void closedWhileABystanderChats(String transport, Consumer<TeamTalkClient> attack) throws Exception {
        var user = node.chat().user("stander");
        try (var bystander = connect(transport)) {
            assertThat(bystander.login(user.name(), "secret-pass", Base.ClientType.CLIENT_TYPE_MAC).getResultCode())
                    .isEqualTo(Base.ResultType.REFUSE_REASON_NONE);
            try (var attacker = connect(transport)) {
                attack.accept(attacker);
                attacker.awaitClosed();
            }
            bystander.request(Command.HEARTBEAT, Other.IMHeartBeat.getDefaultInstance(), Command.HEARTBEAT);
            assertThat(bystander.isClosed()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ws"})
    void lengthOverTheLimit(String transport) throws Exception {
        closedWhileABystanderChats(transport, c -> c.sendRaw(ByteBuffer.allocate(16).putInt(1 << 20).array()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ws"})
    void lengthShorterThanTheHeader(String transport) throws Exception {
        closedWhileABystanderChats(transport, c -> c.sendRaw(ByteBuffer.allocate(16).putInt(3).array()));
    }

    @Test
    void webSocketMessageLongerThanItsPacket() throws Exception {
        closedWhileABystanderChats("ws", c -> c.sendRaw(ByteBuffer.allocate(20).putInt(16).array()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ws"})
    void garbageProtobuf(String transport) throws Exception {
        closedWhileABystanderChats(transport, c -> c.sendRaw(TeamTalkClient.encode(new Packet(1, 0x0103, 1,
                new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02}))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ws"})
    void unknownCommand(String transport) throws Exception {
        var user = node.chat().user("prober");
        closedWhileABystanderChats(transport, c -> {
            assertThat(c.login(user.name(), "secret-pass", Base.ClientType.CLIENT_TYPE_IOS).getResultCode())
                    .isEqualTo(Base.ResultType.REFUSE_REASON_NONE);
            c.sendRaw(TeamTalkClient.encode(new Packet(9, 0x0901, 2, new byte[0])));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ws"})
    void commandBeforeLogin(String transport) throws Exception {
        closedWhileABystanderChats(transport, c -> c.send(Command.UNREAD_CNT_REQ,
                Msg.IMUnreadMsgCntReq.newBuilder().setUserId(1).build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ws"})
    void noLoginInTime(String transport) throws Exception {
        closedWhileABystanderChats(transport, c -> {});
    }

    @Test
    void plainHttpIsNoWebSocket() throws Exception {
        closedWhileABystanderChats("tcp", c -> c.sendRaw(
                "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    }
}
