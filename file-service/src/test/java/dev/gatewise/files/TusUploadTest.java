package dev.gatewise.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.files.testing.FileServer;
import dev.gatewise.im.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tus 1.0 as a client library speaks it, request by request, against a real server on loopback. */
class TusUploadTest {
    @TempDir
    Path dir;
    FileServer server;
    TestServer.User alice;

    @BeforeEach
    void start() throws Exception {
        server = new FileServer(dir, settings -> {});
        alice = server.chat().user("alice");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void optionsAdvertiseVersionExtensionsAndMaxSize() {
        var response = server.send(server.request("/files").method("OPTIONS", BodyPublishers.noBody()), null);
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.headers().firstValue("Tus-Version")).hasValue("1.0.0");
        assertThat(response.headers().firstValue("Tus-Extension").orElseThrow())
                .contains("creation", "creation-with-upload", "termination", "checksum", "expiration");
        assertThat(response.headers().firstValue("Tus-Max-Size")).hasValue(Long.toString(4L << 30));
        assertThat(response.headers().firstValue("Tus-Checksum-Algorithm").orElseThrow()).contains("sha256");
    }

    @Test
    void uploadInPiecesResumesAtTheServersOffsetAndDownloadsIdentically() throws Exception {
        byte[] data = random(300_000);
        String location = create(data.length, "Grüße 📷.bin", "application/x-test");
        assertThat(location).matches("/files/[A-Za-z0-9_-]{22}");
        assertThat(offset(location)).isZero();

        assertThat(patch(location, 0, Arrays.copyOfRange(data, 0, 100_000), null).statusCode()).isEqualTo(204);
        // A client that lost track sends a stale offset: 409, and HEAD tells it where to resume.
        var stale = patch(location, 50_000, Arrays.copyOfRange(data, 50_000, 60_000), null);
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(new String(stale.body(), StandardCharsets.UTF_8)).contains("\"error\":\"offset_mismatch\"");
        assertThat(offset(location)).isEqualTo(100_000);

        var last = patch(location, 100_000, Arrays.copyOfRange(data, 100_000, data.length), null);
        assertThat(last.statusCode()).isEqualTo(204);
        assertThat(last.headers().firstValue("Upload-Offset")).hasValue("300000");

        var download = server.send(server.request(location).GET(), alice.token());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(sha256(download.body())).isEqualTo(sha256(data));
        assertThat(download.headers().firstValue("ETag")).hasValue("\"" + sha256(data) + "\"");
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/x-test");
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%F0%9F%93%B7.bin");
        var info = TestServer.json(new String(server.send(server.request(location + "/info").GET(), alice.token())
                .body(), StandardCharsets.UTF_8));
        assertThat(info.get("name").asText()).isEqualTo("Grüße 📷.bin");
        assertThat(info.get("sha256").asText()).isEqualTo(sha256(data));
    }

    @Test
    void aBodyThatFailsItsChecksumIsDiscarded() throws Exception {
        byte[] data = random(10_000);
        String location = create(data.length, "c.bin", null);
        byte[] first = Arrays.copyOfRange(data, 0, 4_000);
        var bad = patch(location, 0, first, "sha256 " + Base64.getEncoder().encodeToString(new byte[32]));
        assertThat(bad.statusCode()).isEqualTo(460);
        assertThat(offset(location)).isZero();
        String good = "sha256 " + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(first));
        assertThat(patch(location, 0, first, good).statusCode()).isEqualTo(204);
        assertThat(patch(location, 4_000, Arrays.copyOfRange(data, 4_000, data.length), null).statusCode())
                .isEqualTo(204);
        assertThat(sha256(server.send(server.request(location).GET(), alice.token()).body())).isEqualTo(sha256(data));
    }

    @Test
    void creationWithUploadAndDeferredLength() {
        byte[] data = random(5_000);
        var created = server.send(server.request("/files")
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Defer-Length", "1")
                .header("Content-Type", "application/offset+octet-stream")
                .POST(BodyPublishers.ofByteArray(Arrays.copyOfRange(data, 0, 2_000))), alice.token());
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Upload-Offset")).hasValue("2000");
        assertThat(created.headers().firstValue("Upload-Expires")).isPresent();
        String location = created.headers().firstValue("Location").orElseThrow();
        var head = head(location);
        assertThat(head.headers().firstValue("Upload-Defer-Length")).hasValue("1");

        var last = server.send(server.request(location)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "2000")
                .header("Upload-Length", "5000")
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", BodyPublishers.ofByteArray(Arrays.copyOfRange(data, 2_000, 5_000))), alice.token());
        assertThat(last.statusCode()).isEqualTo(204);
        assertThat(head(location).headers().firstValue("Upload-Length")).hasValue("5000");
        assertThat(sha256(server.send(server.request(location).GET(), alice.token()).body())).isEqualTo(sha256(data));
    }

    @Test
    void terminationDeletesTheUpload() {
        String location = create(1_000, "t.bin", null);
        var deleted = server.send(server.request(location).header("Tus-Resumable", "1.0.0").DELETE(), alice.token());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(head(location).statusCode()).isEqualTo(404);
    }

    @Test
    void wrongVersionAndWrongContentTypeAreRefused() {
        String location = create(1_000, "v.bin", null);
        var oldVersion = server.send(server.request(location).header("Tus-Resumable", "0.2.2")
                .header("Upload-Offset", "0").header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", BodyPublishers.ofByteArray(new byte[10])), alice.token());
        assertThat(oldVersion.statusCode()).isEqualTo(412);
        assertThat(oldVersion.headers().firstValue("Tus-Version")).hasValue("1.0.0");
        var wrongType = server.send(server.request(location).header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0").header("Content-Type", "application/json")
                .method("PATCH", BodyPublishers.ofByteArray(new byte[10])), alice.token());
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(new String(wrongType.body(), StandardCharsets.UTF_8)).contains("unsupported_media_type");
    }

    @Test
    void aPatchRefusedWhileItsBodyIsStillComingIsAnsweredAndClosedCleanly() throws Exception {
        String location = create(64 << 20, "busy.bin", null);
        try (var holder = rawPatch(location, 0, 64 << 20)) {
            // The first request, cut on the client's side but not yet noticed by the server, holds the upload.
            holder.getOutputStream().write(new byte[1 << 20]);
            holder.getOutputStream().flush();
            Thread.sleep(300);
            long offset = offset(location);
            int length = 16 << 20;
            try (var retry = rawPatch(location, offset, length)) {
                // A client writes its body before it reads the answer: the server must read (and drop) it, not reset.
                var out = retry.getOutputStream();
                byte[] piece = new byte[64 << 10];
                for (int sent = 0; sent < length; sent += piece.length) {
                    out.write(piece);
                }
                out.flush();
                String answer = new String(retry.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(answer).startsWith("HTTP/1.1 423").contains("\"error\":\"upload_busy\"");
            }
        }
    }

    /** A PATCH head on a raw socket; its {@code length} bytes of body are the caller's to write. */
    private java.net.Socket rawPatch(String location, long offset, long length) throws Exception {
        var socket = new java.net.Socket("127.0.0.1", java.net.URI.create(server.url("/")).getPort());
        socket.setSoTimeout(20_000);
        socket.getOutputStream().write(("PATCH " + location + " HTTP/1.1\r\nHost: x\r\nTus-Resumable: 1.0.0\r\n"
                + "Authorization: Bearer " + alice.token() + "\r\nUpload-Offset: " + offset + "\r\n"
                + "Content-Type: application/offset+octet-stream\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    @Test
    void anUploadInterruptedByARestartResumesAfterIt() throws Exception {
        byte[] data = random(200_000);
        String location = create(data.length, "restart.bin", null);
        assertThat(patch(location, 0, Arrays.copyOfRange(data, 0, 120_000), null).statusCode()).isEqualTo(204);
        server.close();

        server = new FileServer(dir, settings -> {});
        assertThat(offset(location)).isEqualTo(120_000);
        assertThat(patch(location, 120_000, Arrays.copyOfRange(data, 120_000, data.length), null).statusCode())
                .isEqualTo(204);
        var download = server.send(server.request(location).GET(), alice.token());
        assertThat(sha256(download.body())).isEqualTo(sha256(data));
        assertThat(download.headers().firstValue("ETag")).hasValue("\"" + sha256(data) + "\"");
    }

    @Test
    void whenTheDiskHoldsLessThanWasRecordedTheUploadResumesFromWhatItHolds() throws Exception {
        byte[] data = random(50_000);
        String location = create(data.length, "power-loss.bin", null);
        assertThat(patch(location, 0, Arrays.copyOfRange(data, 0, 30_000), null).statusCode()).isEqualTo(204);
        String id = location.substring("/files/".length());
        // What a power loss with fsync off can do: the record kept, the file's tail lost.
        try (var file = java.nio.channels.FileChannel.open(dir.resolve("files").resolve(id.substring(0, 2))
                .resolve(id), java.nio.file.StandardOpenOption.WRITE)) {
            file.truncate(20_000);
        }
        assertThat(offset(location)).isEqualTo(20_000);
        assertThat(patch(location, 20_000, Arrays.copyOfRange(data, 20_000, data.length), null).statusCode())
                .isEqualTo(204);
        assertThat(sha256(server.send(server.request(location).GET(), alice.token()).body())).isEqualTo(sha256(data));
    }

    @Test
    void logoutCutsAnUploadInProgressAndItsNextRequestIsRefused() throws Exception {
        byte[] data = random(200_000);
        String location = create(data.length, "cut.bin", null);
        int port = java.net.URI.create(server.url("/")).getPort();
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(("PATCH " + location + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
                    + "Upload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n"
                    + "Authorization: Bearer " + alice.token() + "\r\nContent-Length: " + data.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(data, 0, 50_000);
            out.flush();
            // The body is on its way when the session ends.
            Thread.sleep(300);
            var logout = server.send(server.request("/api/sessions").DELETE(), alice.token());
            assertThat(logout.statusCode()).isEqualTo(204);
            long start = System.nanoTime();
            assertThat(closedByServer(socket)).as("the server closes the upload's connection").isTrue();
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(5));
        }
        assertThat(head(location).statusCode()).isEqualTo(401);
        assertThat(patch(location, 0, data, null).statusCode()).isEqualTo(401);
    }

    /** Whether the server closed the connection (an end of stream, or a reset for the bytes it did not read). */
    private static boolean closedByServer(java.net.Socket socket) throws java.io.IOException {
        try {
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    private String create(long length, String name, String type) {
        String metadata = "filename " + b64(name) + (type == null ? "" : ",filetype " + b64(type));
        var created = server.send(server.request("/files")
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Long.toString(length))
                .header("Upload-Metadata", metadata)
                .POST(BodyPublishers.noBody()), alice.token());
        assertThat(created.statusCode()).as(new String(created.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        assertThat(created.headers().firstValue("Tus-Resumable")).hasValue("1.0.0");
        return created.headers().firstValue("Location").orElseThrow();
    }

    private HttpResponse<byte[]> head(String location) {
        return server.send(server.request(location).header("Tus-Resumable", "1.0.0")
                .method("HEAD", BodyPublishers.noBody()), alice.token());
    }

    private long offset(String location) {
        var head = head(location);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Cache-Control")).hasValue("no-store");
        return Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
    }

    private HttpResponse<byte[]> patch(String location, long offset, byte[] body, String checksum) {
        HttpRequest.Builder request = server.request(location)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", Long.toString(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", BodyPublishers.ofByteArray(body));
        if (checksum != null) {
            request.header("Upload-Checksum", checksum);
        }
        return server.send(request, alice.token());
    }

    static byte[] random(int n) {
        byte[] data = new byte[n];
        new Random(n).nextBytes(data);
        return data;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
