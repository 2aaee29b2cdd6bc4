package dev.gatewise.bench.live;

import dev.gatewise.bench.target.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.gatewise.bench.target.Nginx;

/**
 * The baseline: Debian's nginx with libnginx-mod-rtmp, live application with HLS (2 s fragments, cut on keyframes,
 * a 12 s playlist), one worker as its live mode requires without auto-push.
 */
public final class NginxRtmp implements LiveTarget {
    private final Nginx nginx;
    private final int port;
    private final Path hls;

    public NginxRtmp(Path workDir) throws Exception {
        this.hls = Files.createDirectories(workDir.resolve("hls"));
        this.port = Processes.freePort();
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
                """.formatted(port, hls), port);
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
    public void close() {
        nginx.close();
    }
}
