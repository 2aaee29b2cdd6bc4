package dev.gatewise.bench.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewise.bench.target.GatewayTarget;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Our file service in the packaged gateway: small files as one-shot uploads, large ones as a tus upload sent in one
 * PATCH (what tus clients do unless told to chunk), downloads with the session token.
 */
public final class GatewayFiles implements FileTarget {
    private final GatewayTarget gateway;
    private final String token;
    private final String base;

    public GatewayFiles(Path jar, Path workDir) throws Exception {
        this.gateway = new GatewayTarget(jar, "embedded", workDir);
        this.token = gateway.accounts(1).get(0).token();
        this.base = "http://127.0.0.1:" + gateway.httpPort();
    }

    @Override
    public String name() {
        return "gatewise";
    }

    @Override
    public long pid() {
        return gateway.pid();
    }

    @Override
    public String publish(Path file) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/files?name="
                        + URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("upload failed: " + response.body());
        }
        return base + new ObjectMapper().readTree(response.body()).get("url").asText();
    }

    @Override
    public List<String> smallUploadOptions(Path file) {
        return List.of("data-binary = \"@" + file + "\"", "header = \"Authorization: Bearer " + token + "\"",
                "header = \"Content-Type: application/octet-stream\"");
    }

    @Override
    public String smallUploadUrl(int index) {
        return base + "/files?name=" + index + ".bin";
    }

    @Override
    public List<String> largeUpload(Path file) {
        try {
            var created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/files"))
                    .header("Authorization", "Bearer " + token).header("Tus-Resumable", "1.0.0")
                    .header("Upload-Length", Long.toString(java.nio.file.Files.size(file)))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            String location = created.headers().firstValue("Location").orElseThrow();
            return List.of("-X", "PATCH", "-T", file.toString(), "-H", "Authorization: Bearer " + token,
                    "-H", "Tus-Resumable: 1.0.0", "-H", "Upload-Offset: 0",
                    "-H", "Content-Type: application/offset+octet-stream", base + location);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<String> downloadHeaders() {
        return List.of("Authorization: Bearer " + token);
    }

    @Override
    public void close() {
        gateway.close();
    }
}
