package dev.gatewise.im.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;

/** Chat over a plain blocking socket: 4-byte big-endian length, then the JSON bytes. */
public final class TcpChatClient extends ChatClient {
    private final Socket socket;
    private final DataOutputStream out;

    public TcpChatClient(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        out = new DataOutputStream(socket.getOutputStream());
        var in = new DataInputStream(socket.getInputStream());
        var reader = new Thread(() -> {
            try {
                while (true) {
                    int length = in.readInt();
                    byte[] json = new byte[length];
                    in.readFully(json);
                    received(json);
                }
            } catch (IOException e) {
                closed = true;
            }
        }, "tcp-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public synchronized void sendRaw(byte[] frame) {
        writeBytes(ByteBuffer.allocate(4 + frame.length).putInt(frame.length).put(frame).array());
    }

    /** Writes bytes as they are, without a length prefix. */
    public synchronized void writeBytes(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            closed = true;
        }
    }

    public OutputStream rawOutput() {
        return out;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
