package dev.gatewise.media.testing;

import dev.gatewise.media.rtmp.RtmpSettings;
import dev.gatewise.media.rtmp.amf.Amf0Writer;
import dev.gatewise.media.rtmp.chunk.ChunkDecoder;
import dev.gatewise.media.rtmp.chunk.ChunkEncoder;
import dev.gatewise.media.rtmp.chunk.MessageType;
import dev.gatewise.media.rtmp.chunk.RtmpMessage;
import dev.gatewise.media.rtmp.session.Command;
import dev.gatewise.media.rtmp.session.CommandDecoder;
import dev.gatewise.media.rtmp.session.DataMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * A hand-driven RTMP client for the cases real clients never produce: raw bytes, single chunks and commands of our
 * choosing. Encodes and decodes with the relay's own chunk codec in embedded channels.
 */
public final class RawRtmpClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final EmbeddedChannel encoder = new EmbeddedChannel(new ChunkEncoder());
    private final EmbeddedChannel decoder = new EmbeddedChannel(new ChunkDecoder(new RtmpSettings()),
            new CommandDecoder());
    private double transactionId;

    public RawRtmpClient(int port) throws IOException {
        this(port, 0);
    }

    /**
     * @param receiveBuffer the socket's receive buffer in bytes, or 0 for the system's default; a small one makes a
     *     client that does not read fall behind quickly
     */
    public RawRtmpClient(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** C0 and C1, S0 to S2 back, then C2. */
    public void handshake() throws IOException {
        byte[] c0c1 = new byte[1537];
        c0c1[0] = 3;
        send(c0c1);
        in.readNBytes(1 + 1536 + 1536);
        send(new byte[1536]);
    }

    /** Handshake, then connect to the "live" application and wait for its answer. */
    public void connect() throws IOException {
        handshake();
        command(0, "connect", Map.of("app", "live", "tcUrl", "rtmp://127.0.0.1/live"));
        awaitCommand("_result");
    }

    /** Sends a command with the next transaction id and the given command object and arguments. */
    public void command(int streamId, String name, Object commandObject, Object... arguments) throws IOException {
        commandWithId(streamId, name, ++transactionId, commandObject, arguments);
    }

    public void commandWithId(int streamId, String name, double id, Object commandObject, Object... arguments)
            throws IOException {
        ByteBuf payload = Unpooled.buffer();
        Amf0Writer.writeAll(payload, name, id, commandObject);
        Amf0Writer.writeAll(payload, arguments);
        message(new RtmpMessage(MessageType.COMMAND_AMF0, streamId, 0, payload));
    }

    public void message(RtmpMessage message) throws IOException {
        encoder.writeOutbound(message);
        ByteBuf encoded;
        while ((encoded = encoder.readOutbound()) != null) {
            byte[] bytes = new byte[encoded.readableBytes()];
            encoded.readBytes(bytes);
            encoded.release();
            send(bytes);
        }
    }

    /** Reads until a command of this name arrives (others are skipped); fails on timeout or end of stream. */
    public Command awaitCommand(String name) throws IOException {
        while (true) {
            Object message = next();
            if (message instanceof Command command && command.name().equals(name)) {
                return command;
            }
            ReferenceCountUtil.release(message);
        }
    }

    /**
     * The next message from the server: a {@link Command}, a {@link DataMessage}, or an audio or video
     * {@link RtmpMessage} (which the caller releases). Fails on timeout or end of stream.
     */
    public Object next() throws IOException {
        while (true) {
            Object message = decoder.readInbound();
            if (message != null) {
                return message;
            }
            byte[] buffer = new byte[8192];
            int read = in.read(buffer);
            if (read < 0) {
                throw new IOException("connection closed");
            }
            decoder.writeInbound(Unpooled.wrappedBuffer(buffer, 0, read));
        }
    }

    /** Reads until an onStatus arrives; returns its information object (level, code, description). */
    public Map<String, Object> awaitStatus() throws IOException {
        return information(awaitCommand("onStatus"));
    }

    /** The information object (level, code, description) of an onStatus, _result or _error. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> information(Command command) {
        return (Map<String, Object>) command.arguments().get(command.arguments().size() - 1);
    }

    /** Whether the server closes the connection within the timeout (reading and discarding what it sends). */
    public boolean closedByServer(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        byte[] buffer = new byte[8192];
        try {
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // A reset is a close too.
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        encoder.finishAndReleaseAll();
        decoder.finishAndReleaseAll();
    }
}
