package dev.gatewise.bench.live;

import dev.gatewise.bench.target.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.gatewise.bench.target.Nginx;

/**
 * The baseline: Debian's nginx with libnginx-mod-rtmp, live application with HLS (2 s fragments, cut on keyframes,
 * a 12 s playlist), one worker as its live mode requires without auto-push, and the same nginx serving the HLS
 * directory over HTTP for the browser.
 */
public final class NginxRtmp implements LiveTarget {
    private final Nginx nginx;
    private final int port;
    private final int httpPort;
    private final Path hls;

    public NginxRtmp(Path workDir) throws Exception {
        this.hls = Files.createDirectories(workDir.resolve("hls"));
        this.port = Processes.freePort();
        this.httpPort = Processes.freePort();
        nginx = new Nginx(workDir, "load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;\nworker_processes 1;\n", """
                rtmp {
                  server {
                    listen 127.0.0.1:%1$d;
                    chunk_size 4096;
                    application live {
                      live on;
                      hls on;
                      hls_path %2$s;
                      hls_fragment 2s;
                      hls_playlist_length 12s;
                    }
                  }
                }
                http {
                  server {
                    listen 127.0.0.1:%3$d;
                    location /hls/ {
                      alias %2$s/;
                      types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
                      add_header Access-Control-Allow-Origin * always;
                      add_header Cache-Control no-cache;
                    }
                  }
                }
                """.formatted(port, hls, httpPort), port);
    }

    @Override
    public String name() {
        return "nginx-rtmp";
    }

    @Override
    public long pid() {
        return nginx.pid();
    }

    @Override
    public String publishUrl(String stream) {
        return "rtmp://127.0.0.1:" + port + "/live/" + stream;
    }

    @Override
    public Path playlist(String stream) {
        return hls.resolve(stream + ".m3u8");
    }

    @Override
    public String playerUrl(String stream) {
        return "http://127.0.0.1:" + httpPort + "/hls/" + stream + ".m3u8";
    }

    @Override
    public boolean lowLatency() {
        return false;
    }

    @Override
    public void close() {
        nginx.close();
    }
}
