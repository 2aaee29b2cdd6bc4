package dev.gatewise.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.files.testing.CuttingProxy;
import dev.gatewise.files.testing.FileServer;
import dev.gatewise.im.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real tus-js-client (npm, run by node) uploads through a connection that breaks mid-way, and resumes. */
class TusJsClientTest {
    static final Path CLIENT = Path.of("src/test/js");

    @TempDir
    Path dir;

    @BeforeAll
    static void installClient() throws Exception {
        if (!Files.isDirectory(CLIENT.resolve("node_modules/tus-js-client"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        }
    }

    @Test
    void anUploadCutMidWayResumesAndTheDownloadMatches() throws Exception {
        byte[] data = TusUploadTest.random(24 * 1024 * 1024);
        Path file = dir.resolve("clip.bin");
        Files.write(file, data);
        try (var server = new FileServer(null, settings -> {});
             var proxy = new CuttingProxy(server.chat().httpPort(), 9 * 1024 * 1024)) {
            TestServer.User alice = server.chat().user("alice");
            List<JsonNode> log = run(List.of("node", "upload.mjs", "http://127.0.0.1:" + proxy.port() + "/files",
                    alice.token(), file.toAbsolutePath().toString()), 120).stream().map(TestServer::json).toList();

            assertThat(proxy.didCut()).isTrue();
            List<JsonNode> patches = log.stream().filter(l -> "PATCH".equals(l.path("request").asText())).toList();
            assertThat(patches).as(log.toString()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(patches.get(0).get("offset").asLong()).isZero();
            // It resumed where the server had got to, not from the start.
            assertThat(patches.get(patches.size() - 1).get("offset").asLong()).isGreaterThan(1024 * 1024);
            assertThat(log).anyMatch(l -> "HEAD".equals(l.path("request").asText()));
            String url = log.get(log.size() - 1).get("done").asText();

            var download = server.send(server.request(java.net.URI.create(url).getPath()).GET(), alice.token());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(TusUploadTest.sha256(download.body())).isEqualTo(TusUploadTest.sha256(data));
        }
    }

    /** Runs a command in the client's folder; returns its output lines; fails on a non-zero exit. */
    private static List<String> run(List<String> command, int timeoutSeconds) throws Exception {
        Process process = new ProcessBuilder(command).directory(CLIENT.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command + " did not finish in " + timeoutSeconds + " s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(command + " printed:\n" + text).isZero();
        return text.lines().filter(l -> l.startsWith("{")).toList();
    }
}
