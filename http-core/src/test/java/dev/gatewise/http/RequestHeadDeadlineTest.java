package dev.gatewise.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A request head trickled a byte at a time is cut at the head deadline; a slow but idle keep-alive is not. */
class RequestHeadDeadlineTest {
    private static final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private static HttpServer server;

    @BeforeAll
    static void start() {
        var settings = new HttpServer.HttpSettings(1024 * 1024, 16 * 1024, Duration.ofSeconds(60),
                Duration.ofSeconds(1));
        var routes = new Routes().get("/hello", exchange -> {
            exchange.request().release();
            HttpResponses.json(exchange.ctx(), exchange.request(), io.netty.handler.codec.http.HttpResponseStatus.OK,
                    Map.of("hello", "world"));
        }).list();
        server = new HttpServer("127.0.0.1", 0, settings, routes, loops, loops);
    }

    @AfterAll
    static void stop() {
        server.close();
        loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void aHeadTrickledAByteAtATimeGets408AndIsClosed() throws Exception {
        try (var socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            byte[] head = ("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            long started = System.nanoTime();
            int sent = 0;
            try {
                for (; sent < head.length; sent++) {
                    out.write(head[sent]);
                    out.flush();
                    Thread.sleep(100);
                    if (socket.getInputStream().available() > 0) {
                        break;
                    }
                }
            } catch (java.io.IOException closed) {
                // the server closed while we were still writing: what it answered is read below
            }
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"error\":\"request_timeout\"");
            assertThat(tookMs).isBetween(900L, 4_000L);
            assertThat(sent).isLessThan(head.length);
        }
    }

    @Test
    void waitingBetweenRequestsOfAKeptAliveConnectionIsNotAHeadTimeout() throws Exception {
        try (var socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] request = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 2; i++) {
                out.write(request);
                out.flush();
                assertThat(readResponse(in)).startsWith("HTTP/1.1 200").endsWith("{\"hello\":\"world\"}");
                Thread.sleep(1_500);
            }
        }
    }

    /** One response with a Content-Length body. */
    private static String readResponse(InputStream in) throws Exception {
        var text = new StringBuilder();
        while (!text.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).isNotNegative();
            text.append((char) b);
        }
        var length = text.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElseThrow();
        text.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
        return text.toString();
    }
}
