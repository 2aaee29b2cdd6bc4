package dev.gatewise.teamtalk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.MessageLite;
import dev.gatewise.teamtalk.content.TextCipher;
import dev.gatewise.teamtalk.login.Md5Credentials;
import dev.gatewise.teamtalk.proto.Base;
import dev.gatewise.teamtalk.proto.Login;
import dev.gatewise.teamtalk.proto.Msg;
import dev.gatewise.teamtalk.wire.Command;
import dev.gatewise.teamtalk.wire.Packet;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A TeamTalk client for tests, over raw TCP or WebSocket (one packet per binary message), speaking the packets our
 * generated protobuf classes describe, as TeamTalk's apps and web client do: the MD5 hex of the password at login,
 * AES-encrypted text, seq numbers matched to answers.
 */
public abstract class TeamTalkClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final TextCipher CIPHER = new TextCipher();

    private final List<Packet> inbox = new ArrayList<>();
    private int nextSeq = 1;
    private int nextMsgId = 1_000_000;
    protected volatile boolean closed;
    private int userId;

    public static TeamTalkClient tcp(int port) throws IOException {
        return new Tcp(new Socket("127.0.0.1", port));
    }

    public static TeamTalkClient webSocket(int port, String path) {
        return new Ws(URI.create("ws://127.0.0.1:" + port + path));
    }

    /** Bytes as they are, for bad-input tests. */
    public abstract void sendRaw(byte[] bytes);

    public static byte[] encode(Packet packet) {
        var buffer = ByteBuffer.allocate(Packet.HEADER_BYTES + packet.body().length);
        buffer.putInt(Packet.HEADER_BYTES + packet.body().length).putShort((short) 0).putShort((short) 0)
                .putShort((short) packet.service()).putShort((short) packet.command()).putShort((short) packet.seq())
                .putShort((short) 0).put(packet.body());
        return buffer.array();
    }

    protected synchronized void received(Packet packet) {
        inbox.add(packet);
        notifyAll();
    }

    public synchronized int send(Command command, MessageLite body) {
        int seq = nextSeq++;
        sendRaw(encode(Packet.of(command, seq, body)));
        return seq;
    }

    /** Sends a request and waits for the answer with its seq. */
    public Packet request(Command command, MessageLite body, Command answer) {
        int seq = send(command, body);
        Packet packet = await(p -> p.seq() == seq && p.known() == answer);
        return packet;
    }

    public Login.IMLoginRes login(String user, String password, Base.ClientType type) {
        Packet answer = request(Command.LOGIN_REQ, Login.IMLoginReq.newBuilder()
                .setUserName(user)
                .setPassword(Md5Credentials.md5Hex(password))
                .setOnlineStatus(Base.UserStatType.USER_STATUS_ONLINE)
                .setClientType(type)
                .setClientVersion("test")
                .build(), Command.LOGIN_RES);
        Login.IMLoginRes res = parse(answer, Login.IMLoginRes.parser());
        if (res.getResultCode() == Base.ResultType.REFUSE_REASON_NONE) {
            userId = res.getUserInfo().getUserId();
        }
        return res;
    }

    public int userId() {
        return userId;
    }

    /** Sends a text (encrypted as the clients do) and returns the server's ack. */
    public Msg.IMMsgDataAck sendText(int sessionId, boolean group, String text) {
        Packet ack = request(Command.MSG_DATA, Msg.IMMsgData.newBuilder()
                .setFromUserId(userId)
                .setToSessionId(sessionId)
                .setMsgId(nextMsgId++)
                .setCreateTime((int) (System.currentTimeMillis() / 1000))
                .setMsgType(group ? Base.MsgType.MSG_TYPE_GROUP_TEXT : Base.MsgType.MSG_TYPE_SINGLE_TEXT)
                .setMsgData(com.google.protobuf.ByteString.copyFrom(CIPHER.encrypt(text)))
                .build(), Command.MSG_DATA_ACK);
        return parse(ack, Msg.IMMsgDataAck.parser());
    }

    public static String text(com.google.protobuf.ByteString data) {
        return CIPHER.decrypt(data.toByteArray());
    }

    public <T> T awaitPush(Command command, com.google.protobuf.Parser<T> parser) {
        return parse(await(p -> p.known() == command), parser);
    }

    public static <T> T parse(Packet packet, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(packet.body());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("a packet our client cannot parse (a required field missing?): " + packet, e);
        }
    }

    /** Removes and returns the first packet that matches, waiting for it. */
    public synchronized Packet await(Predicate<Packet> match) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (Iterator<Packet> it = inbox.iterator(); it.hasNext(); ) {
                Packet packet = it.next();
                if (match.test(packet)) {
                    it.remove();
                    return packet;
                }
            }
            long left = deadline - System.nanoTime();
            assertThat(left).as("a matching packet within %s; got %s", WAIT, inbox).isPositive();
            try {
                wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public synchronized void assertNone(Predicate<Packet> match, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(inbox.stream().filter(match)).isEmpty();
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        assertThat(inbox.stream().filter(match)).isEmpty();
    }

    public synchronized void awaitClosed() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!closed && System.nanoTime() < deadline) {
            wait(100);
        }
        assertThat(closed).as("connection closed by the server").isTrue();
    }

    public boolean isClosed() {
        return closed;
    }

    private synchronized void markClosed() {
        closed = true;
        notifyAll();
    }

    private static final class Tcp extends TeamTalkClient {
        private final Socket socket;
        private final OutputStream out;

        Tcp(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            var reader = new Thread(this::read, "teamtalk-test-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (var in = new DataInputStream(socket.getInputStream())) {
                while (true) {
                    int length = in.readInt();
                    in.readInt();
                    int service = in.readUnsignedShort();
                    int command = in.readUnsignedShort();
                    int seq = in.readUnsignedShort();
                    in.readUnsignedShort();
                    byte[] body = new byte[length - Packet.HEADER_BYTES];
                    in.readFully(body);
                    received(new Packet(service, command, seq, body));
                }
            } catch (IOException e) {
                ((TeamTalkClient) this).markClosed();
            }
        }

        @Override
        public synchronized void sendRaw(byte[] bytes) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static final class Ws extends TeamTalkClient {
        private final WebSocket socket;

        Ws(URI uri) {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
                private final java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();

                @Override
                public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                    byte[] chunk = new byte[data.remaining()];
                    data.get(chunk);
                    message.writeBytes(chunk);
                    if (last) {
                        var whole = ByteBuffer.wrap(message.toByteArray());
                        message.reset();
                        whole.getInt();
                        whole.getInt();
                        int service = Short.toUnsignedInt(whole.getShort());
                        int command = Short.toUnsignedInt(whole.getShort());
                        int seq = Short.toUnsignedInt(whole.getShort());
                        whole.getShort();
                        byte[] body = new byte[whole.remaining()];
                        whole.get(body);
                        received(new Packet(service, command, seq, body));
                    }
                    webSocket.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                    markClosedFromListener();
                    return null;
                }

                @Override
                public void onError(WebSocket webSocket, Throwable error) {
                    markClosedFromListener();
                }
            }).join();
        }

        private void markClosedFromListener() {
            ((TeamTalkClient) this).markClosed();
        }

        @Override
        public synchronized void sendRaw(byte[] bytes) {
            socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        }

        public void sendText(String text) {
            socket.sendText(text, true).join();
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
