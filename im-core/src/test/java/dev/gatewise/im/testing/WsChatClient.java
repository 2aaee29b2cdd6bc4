package dev.gatewise.im.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/** Chat over the JDK's WebSocket client: one JSON frame per text frame. */
public final class WsChatClient extends ChatClient {
    private final WebSocket socket;
    private volatile int closeCode = -1;

    public WsChatClient(URI uri) {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    received(text.toString().getBytes(StandardCharsets.UTF_8));
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closeCode = statusCode;
                closed = true;
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed = true;
            }
        }).join();
    }

    @Override
    public synchronized void sendRaw(byte[] frame) {
        socket.sendText(new String(frame, StandardCharsets.UTF_8), true).join();
    }

    public synchronized void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** The status of the server's close frame, -1 before one arrived. */
    public int closeCode() {
        return closeCode;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
