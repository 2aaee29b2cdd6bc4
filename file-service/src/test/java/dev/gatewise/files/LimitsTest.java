package dev.gatewise.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewise.files.testing.Curl;
import dev.gatewise.files.testing.FileServer;
import dev.gatewise.files.testing.Uploader;
import dev.gatewise.im.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Size limits, quotas, expiry and hostile names: each refused with a status and a JSON reason. */
class LimitsTest {
    @TempDir
    Path dir;
    FileServer server;
    TestServer.User alice;

    @BeforeEach
    void start() throws Exception {
        server = new FileServer(dir, settings -> {
            settings.setMaxFileSize(10_000);
            settings.setUserQuota(25_000);
            settings.setUploadExpiry(Duration.ofMillis(200));
        });
        alice = server.chat().user("alice");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeAnyByteIsSent() {
        var tus = create(10_001);
        assertThat(tus.statusCode()).isEqualTo(413);
        assertThat(text(tus)).contains("\"error\":\"too_large\"");
        var oneShot = server.send(server.request("/files?name=big.bin")
                .POST(BodyPublishers.ofByteArray(new byte[10_001])), alice.token());
        assertThat(oneShot.statusCode()).isEqualTo(413);
        assertThat(text(oneShot)).contains("too_large");
    }

    @Test
    void bytesBeyondTheDeclaredLengthAreRefused() {
        String location = create(100).headers().firstValue("Location").orElseThrow();
        var over = server.send(server.request(location)
                .header("Tus-Resumable", "1.0.0").header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", BodyPublishers.ofByteArray(new byte[101])), alice.token());
        assertThat(over.statusCode()).isEqualTo(413);
        assertThat(text(over)).contains("too_large");
    }

    @Test
    void theQuotaCountsUnfinishedUploadsAtTheirDeclaredLength() {
        assertThat(create(10_000).statusCode()).isEqualTo(201);
        Uploader.upload(server, alice, "a.bin", "application/octet-stream", new byte[10_000]);
        var third = create(6_000);
        assertThat(third.statusCode()).isEqualTo(403);
        assertThat(text(third)).contains("\"error\":\"quota_exceeded\"");
        // Someone else's quota is their own.
        var bob = server.chat().user("bob");
        assertThat(server.send(server.request("/files").header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "6000").POST(BodyPublishers.noBody()), bob.token()).statusCode())
                .isEqualTo(201);
    }

    @Test
    void aOneShotUploadWithoutLengthIsRefused() {
        var chunked = Curl.run("-H", "Authorization: Bearer " + alice.token(), "-H", "Transfer-Encoding: chunked",
                "--data-binary", "abc", server.url("/files?name=x.txt"));
        assertThat(chunked.status()).isEqualTo(411);
        assertThat(chunked.text()).contains("length_required");
    }

    @Test
    void namesCannotInjectHeadersOrPaths() {
        String evil = "../../x\r\nSet-Cookie: stolen=1.txt";
        var created = server.send(server.request("/files").header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "1")
                .header("Upload-Metadata", "filename " + Base64.getEncoder().encodeToString(
                        evil.getBytes(StandardCharsets.UTF_8)))
                .POST(BodyPublishers.noBody()), alice.token());
        String location = created.headers().firstValue("Location").orElseThrow();
        server.send(server.request(location).header("Tus-Resumable", "1.0.0").header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", BodyPublishers.ofByteArray(new byte[] {7})), alice.token());
        var download = Curl.run("-H", "Authorization: Bearer " + alice.token(), server.url(location));
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.headers()).doesNotContainKey("set-cookie");
        assertThat(download.headers().get("content-disposition")).startsWith("attachment; filename=\"xSet-Cookie");
    }

    @Test
    void unfinishedUploadsAreDeletedOnceExpired() throws Exception {
        String location = create(1_000).headers().firstValue("Location").orElseThrow();
        server.send(server.request(location).header("Tus-Resumable", "1.0.0").header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", BodyPublishers.ofByteArray(new byte[500])), alice.token());
        var finished = Uploader.upload(server, alice, "kept.bin", "application/octet-stream", new byte[10]);
        assertThat(filesOnDisk()).isEqualTo(2);
        Thread.sleep(300);

        assertThat(server.files().sweepExpired()).isPositive(); // on a shared Redis, earlier tests' too
        var head = server.send(server.request(location).header("Tus-Resumable", "1.0.0")
                .method("HEAD", BodyPublishers.noBody()), alice.token());
        assertThat(head.statusCode()).isEqualTo(404);
        assertThat(filesOnDisk()).isEqualTo(1);
        assertThat(server.send(server.request(finished.get("url").asText()).GET(), alice.token()).statusCode())
                .isEqualTo(200);
    }

    private long filesOnDisk() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("files"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private HttpResponse<byte[]> create(long length) {
        return server.send(server.request("/files").header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Long.toString(length)).POST(BodyPublishers.noBody()), alice.token());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
