package dev.gatewise.bench.live;

import java.nio.file.Path;

/** A server that takes RTMP publishes and writes HLS to a local directory. */
public interface LiveTarget extends AutoCloseable {
    String name();

    /** The server's process; CPU and memory are counted over it and its children. */
    long pid();

    /** Where to publish {@code stream}. */
    String publishUrl(String stream);

    /** The media playlist of {@code stream} on disk, as the server writes it. */
    Path playlist(String stream);

    /** The URL a browser plays {@code stream} from. */
    String playerUrl(String stream);

    /** Whether that is Low-Latency HLS, with program date-times and parts. */
    boolean lowLatency();

    @Override
    void close();
}
