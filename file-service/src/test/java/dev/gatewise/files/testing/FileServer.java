package dev.gatewise.files.testing;

import dev.gatewise.files.FileService;
import dev.gatewise.files.FileSettings;
import dev.gatewise.im.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** A chat node with the file service mounted, on loopback: the whole of what a client of {@code /files} meets. */
public final class FileServer implements AutoCloseable {
    private final TestServer server;
    private FileService files;
    private final HttpClient http = HttpClient.newHttpClient();

    /** @param dataDir null for a throwaway directory; the same one twice is a restart */
    public FileServer(Path dataDir, Consumer<FileSettings> customize) throws IOException {
        this.server = new TestServer(chat -> {}, dataDir, (node, stores, dir) -> {
            var settings = new FileSettings();
            settings.setDirectory(dir.resolve("files").toString());
            customize.accept(settings);
            files = new FileService(settings, stores, node.access(), new SimpleMeterRegistry());
            FileService.messagePolicies(stores, node.access()).forEach(node::registerKind);
            return files.routes();
        });
    }

    public TestServer chat() {
        return server;
    }

    public FileService files() {
        return files;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.httpPort() + path;
    }

    /** Sends a request to this server; {@code token} may be null. */
    public HttpResponse<byte[]> send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url(path)));
    }

    @Override
    public void close() {
        server.close();
        files.close();
    }
}
