package dev.gatewise.hls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test inputs made once per test run with Debian's ffmpeg, in a temporary directory removed when the JVM exits. */
final class TestMedia {

    private static final Map<String, Path> MADE = new ConcurrentHashMap<>();
    private static final Path DIRECTORY;

    static {
        try {
            DIRECTORY = Files.createTempDirectory("hls-test-media");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> TestFiles.deleteTree(DIRECTORY)));
    }

    private TestMedia() {}

    /** H.264 (High, keyframe every 2 s at 25 fps) and AAC in FLV, {@code seconds} long, of the given size. */
    static Path video(int width, int height, int seconds) {
        return make("av-" + width + "x" + height + "-" + seconds + ".flv", List.of(
            "-f", "lavfi", "-i", "testsrc=size=" + width + "x" + height + ":rate=25",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", Integer.toString(seconds), "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "veryfast",
            "-g", "50", "-sc_threshold", "0", "-c:a", "aac", "-b:a", "96k"));
    }

    /** AAC only in FLV. */
    static Path audioOnly(int seconds) {
        return make("a-" + seconds + ".flv", List.of(
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", Integer.toString(seconds), "-c:a", "aac", "-b:a", "96k"));
    }

    private static Path make(String name, List<String> arguments) {
        return MADE.computeIfAbsent(name, ignored -> {
            Path file = DIRECTORY.resolve(name);
            List<String> command = new ArrayList<>(List.of("ffmpeg", "-y", "-v", "error"));
            command.addAll(arguments);
            command.addAll(List.of("-f", "flv", file.toString()));
            Processes.run(command);
            return file;
        });
    }
}
