package dev.gatewise.bench.files;

import dev.gatewise.bench.target.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.gatewise.bench.target.Nginx;
import java.util.List;

/**
 * The baseline: Debian's nginx serving files from a directory (sendfile) and accepting them with WebDAV PUT, which
 * stores the body in a file as our uploads do. Two workers, as many as the machine has cores.
 */
public final class NginxFiles implements FileTarget {
    private final Nginx nginx;
    private final int port;
    private final Path root;

    public NginxFiles(Path workDir) throws Exception {
        this.root = Files.createDirectories(workDir.resolve("root"));
        Files.createDirectories(root.resolve("up"));
        Files.createDirectories(workDir.resolve("temp"));
        this.port = Processes.freePort();
        nginx = new Nginx(workDir, "worker_processes 2;\n", """
                http {
                  access_log off;
                  sendfile on;
                  tcp_nopush on;
                  client_body_temp_path %1$s/temp;
                  client_max_body_size 0;
                  server {
                    listen 127.0.0.1:%2$d;
                    root %3$s;
                    location /up/ { dav_methods PUT; create_full_put_path on; }
                  }
                }
                """.formatted(workDir, port, root), port);
    }

    @Override
    public String name() {
        return "nginx";
    }

    @Override
    public long pid() {
        return nginx.pid();
    }

    /** Places a file where nginx serves it. */
    @Override
    public String publish(Path file) throws Exception {
        Files.copy(file, root.resolve(file.getFileName()));
        return "http://127.0.0.1:" + port + "/" + file.getFileName();
    }

    @Override
    public List<String> smallUploadOptions(Path file) {
        return List.of("request = \"PUT\"", "data-binary = \"@" + file + "\"");
    }

    @Override
    public String smallUploadUrl(int index) {
        return "http://127.0.0.1:" + port + "/up/" + index + ".bin";
    }

    @Override
    public List<String> largeUpload(Path file) {
        return List.of("-T", file.toString(), "http://127.0.0.1:" + port + "/up/large.bin");
    }

    @Override
    public List<String> downloadHeaders() {
        return List.of();
    }

    @Override
    public void close() {
        nginx.close();
    }
}
