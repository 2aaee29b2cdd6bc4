package dev.gatewise.files.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewise.im.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;

/** One-shot uploads for tests that need a file to exist rather than to test uploading. */
public final class Uploader {
    private Uploader() {}

    /** Uploads {@code data} as {@code user}; returns the file's info (id, name, size, sha256, url...). */
    public static JsonNode upload(FileServer server, TestServer.User user, String name, String type, byte[] data) {
        var response = server.send(server.request("/files?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
                .header("Content-Type", type)
                .POST(BodyPublishers.ofByteArray(data)), user.token());
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(body).isEqualTo(201);
        return TestServer.json(body);
    }
}
