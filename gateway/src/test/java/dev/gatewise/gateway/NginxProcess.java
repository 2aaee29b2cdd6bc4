package dev.gatewise.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Debian's nginx, started by a test with the repository's {@code nginx/gatewise/*.conf} unchanged, in front of
 * gateways on free loopback ports. The test's own top-level {@code nginx.conf} holds only what an operator edits in
 * the shipped one (listen lines, upstream addresses, certificate, HLS directory) plus paths nginx may write without
 * root; a symlink {@code gatewise} beside it makes the shipped includes resolve exactly as in the shipped layout.
 */
final class NginxProcess implements AutoCloseable {
    /** The repository's {@code nginx/} (failsafe runs in the gateway module's directory). */
    static final Path SHIPPED = Path.of("..", "nginx").toAbsolutePath().normalize();
    static final String NGINX = "/usr/sbin/nginx";
    static final String STREAM_MODULE = "/usr/lib/nginx/modules/ngx_stream_module.so";

    /**
     * Where nginx sends each kind of traffic.
     *
     * @param http every node's HTTP address (chat WebSocket, REST, web client)
     * @param files the files node's HTTP address
     * @param mediaHttp the media node's HTTP address (HLS when proxied)
     * @param chatTcp every node's chat TCP address
     * @param rtmp the media node's RTMP address
     * @param hlsRoot the media node's HLS directory, served by nginx itself
     * @param teamTalk every node's TeamTalk listener (TCP and WebSocket)
     */
    record Upstreams(List<String> http, String files, String mediaHttp, List<String> chatTcp, String rtmp,
                     Path hlsRoot, List<String> teamTalk) {}

    private final Path dir;
    private final Path conf;
    private final int httpPort = GatewayProcess.freePort();
    private final int httpsPort = GatewayProcess.freePort();
    private final int hlsProxyPort = GatewayProcess.freePort();
    private final int chatPort = GatewayProcess.freePort();
    private final int chatTlsPort = GatewayProcess.freePort();
    private final int rtmpPort = GatewayProcess.freePort();
    private final int teamTalkPort = GatewayProcess.freePort();
    private Process process;

    NginxProcess(Path dir, Upstreams upstreams) throws IOException {
        this.dir = Files.createDirectories(dir);
        Files.createDirectories(dir.resolve("temp"));
        Files.createSymbolicLink(dir.resolve("gatewise"), SHIPPED.resolve("gatewise"));
        selfSignedCertificate(dir);
        conf = dir.resolve("nginx.conf");
        Files.writeString(conf, preamble(dir) + """
                http {
                %13$s
                    include gatewise/http.conf;
                    access_log %1$s/access.log gatewise;

                    upstream gatewise_http {
                        least_conn;
                %2$s
                        keepalive 32;
                        keepalive_timeout 30s;
                    }
                    upstream gatewise_files {
                        hash $gatewise_file_key consistent;
                        server %3$s;
                        keepalive 8;
                        keepalive_timeout 30s;
                    }
                    upstream gatewise_media_http {
                        server %4$s;
                        keepalive 8;
                        keepalive_timeout 30s;
                    }
                    upstream gatewise_teamtalk {
                        least_conn;
                %15$s
                    }

                    server {
                        listen 127.0.0.1:%5$d;
                        set $gatewise_hls_root %6$s;
                        include gatewise/locations.conf;
                        include gatewise/hls-local.conf;
                    }
                    server {
                        listen 127.0.0.1:%7$d ssl http2;
                        ssl_certificate %1$s/cert.pem;
                        ssl_certificate_key %1$s/key.pem;
                        include gatewise/tls.conf;
                        set $gatewise_hls_root %6$s;
                        include gatewise/locations.conf;
                        include gatewise/hls-local.conf;
                    }
                    server {
                        listen 127.0.0.1:%8$d;
                        include gatewise/locations.conf;
                        include gatewise/hls-proxy.conf;
                    }
                }

                stream {
                    upstream gatewise_chat_tcp {
                        least_conn;
                %9$s
                    }
                    upstream gatewise_rtmp {
                        server %10$s;
                    }
                    upstream gatewise_teamtalk_tcp {
                        least_conn;
                %15$s
                    }
                    server {
                        listen 127.0.0.1:%16$d;
                        include gatewise/stream-teamtalk.conf;
                    }
                    server {
                        listen 127.0.0.1:%11$d;
                        include gatewise/stream-chat.conf;
                    }
                    server {
                        listen 127.0.0.1:%12$d;
                        include gatewise/stream-rtmp.conf;
                    }
                    server {
                        listen 127.0.0.1:%14$d ssl;
                        ssl_certificate %1$s/cert.pem;
                        ssl_certificate_key %1$s/key.pem;
                        include gatewise/stream-tls.conf;
                        include gatewise/stream-chat.conf;
                    }
                }
                """.formatted(dir, servers(upstreams.http()), upstreams.files(), upstreams.mediaHttp(), httpPort,
                upstreams.hlsRoot().toAbsolutePath(), httpsPort, hlsProxyPort, servers(upstreams.chatTcp()),
                upstreams.rtmp(), chatPort, rtmpPort, tempPaths(dir), chatTlsPort, servers(upstreams.teamTalk()),
                teamTalkPort));
    }

    /** What every test configuration starts with: no daemon, files in {@code dir}, the stream module. */
    private static String preamble(Path dir) {
        // The master runs as the test's user; workers as root need it said, or nginx tries "nobody".
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        return user + """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                load_module %2$s;
                events { worker_connections 1024; }
                """.formatted(dir, STREAM_MODULE);
    }

    /** nginx's temporary files, which otherwise go to a root-owned directory. */
    private static String tempPaths(Path dir) {
        return """
                    client_body_temp_path %1$s/temp/body;
                    proxy_temp_path %1$s/temp/proxy;
                    fastcgi_temp_path %1$s/temp/fastcgi;
                    uwsgi_temp_path %1$s/temp/uwsgi;
                    scgi_temp_path %1$s/temp/scgi;
                """.formatted(dir);
    }

    private static String servers(List<String> addresses) {
        return addresses.stream().map(a -> "        server " + a + " max_fails=1 fail_timeout=10s;")
                .collect(Collectors.joining("\n"));
    }

    /** {@code openssl req -x509}: a certificate for {@code localhost}, valid a day, in {@code cert.pem}/{@code key.pem}. */
    static void selfSignedCertificate(Path dir) throws IOException {
        Result openssl = run(dir, List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-subj", "/CN=localhost", "-days", "1",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString()));
        assertThat(openssl.exitCode()).as(openssl.output()).isZero();
    }

    /**
     * The shipped {@code nginx/nginx.conf} with only its root-owned paths (pid, logs, certificate, temporary
     * files) moved into {@code dir}, and {@code gatewise/} linked beside it, so {@code nginx -t} checks the file an
     * operator installs.
     */
    static Path shippedCopy(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("temp"));
        Files.createSymbolicLink(dir.resolve("gatewise"), SHIPPED.resolve("gatewise"));
        selfSignedCertificate(dir);
        String text = Files.readString(SHIPPED.resolve("nginx.conf"))
                .replace("/run/nginx.pid", dir.resolve("nginx.pid").toString())
                .replace("/var/log/nginx/", dir + "/")
                .replace("/etc/ssl/gatewise/fullchain.pem", dir.resolve("cert.pem").toString())
                .replace("/etc/ssl/gatewise/privkey.pem", dir.resolve("key.pem").toString())
                .replace("\nhttp {\n", "\nhttp {\n" + tempPaths(dir));
        Path copy = dir.resolve("nginx.conf");
        Files.writeString(copy, text);
        return copy;
    }

    /** {@code nginx -t} on a configuration. */
    static Result configTest(Path conf) throws IOException {
        return run(conf.getParent(), List.of(NGINX, "-t", "-c", conf.toString()));
    }

    record Result(int exitCode, String output) {}

    private static Result run(Path dir, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return new Result(process.waitFor(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Checks the configuration, starts nginx and waits until it accepts connections on every port. */
    NginxProcess start() throws IOException {
        Result check = configTest(conf);
        assertThat(check.exitCode()).as(check.output()).isZero();
        process = new ProcessBuilder(NGINX, "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + "; see " + dir);
            }
            for (int port : List.of(httpPort, httpsPort, hlsProxyPort, chatPort, rtmpPort, chatTlsPort, teamTalkPort)) {
                try (var socket = new Socket("127.0.0.1", port)) {
                    socket.setSoLinger(true, 0);
                } catch (IOException e) {
                    return false;
                }
            }
            return true;
        });
        return this;
    }

    Path conf() {
        return conf;
    }

    Path certificate() {
        return dir.resolve("cert.pem");
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** The TLS server; {@code localhost} is the certificate's name. */
    URI https(String path) {
        return URI.create("https://localhost:" + httpsPort + path);
    }

    /** Chat over WebSocket on the TLS server. */
    URI wss() {
        return URI.create("wss://localhost:" + httpsPort + "/ws");
    }

    /** The server that proxies {@code /hls} to the media node instead of reading its directory. */
    URI hlsProxied(String path) {
        return URI.create("http://127.0.0.1:" + hlsProxyPort + path);
    }

    URI ws() {
        return URI.create("ws://127.0.0.1:" + httpPort + "/ws");
    }

    /** The stream proxy to the nodes' TeamTalk listeners. */
    int teamTalkPort() {
        return teamTalkPort;
    }

    int chatPort() {
        return chatPort;
    }

    /** Chat over TCP inside TLS. */
    int chatTlsPort() {
        return chatTlsPort;
    }

    int rtmpPort() {
        return rtmpPort;
    }

    /**
     * Stops nginx and prints what its error log says beyond routine notices (upstreams refused, timeouts), which
     * failsafe keeps with the test's output.
     */
    @Override
    public void close() {
        // SIGTERM: nginx's fast shutdown; the master stops its workers before exiting.
        GatewayProcess.stop(process);
        try {
            Path log = dir.resolve("error.log");
            if (Files.exists(log)) {
                Files.readAllLines(log).stream().filter(line -> !line.contains("[notice]") && !line.contains("[info]"))
                        .forEach(line -> System.out.println("nginx: " + line));
            }
        } catch (IOException e) {
            System.out.println("nginx: error log unreadable: " + e);
        }
    }
}
