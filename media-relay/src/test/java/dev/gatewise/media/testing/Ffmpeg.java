package dev.gatewise.media.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the system's ffmpeg and ffprobe (Debian's, from /usr/bin) with their output kept in a file. */
public final class Ffmpeg {
    private final Process process;
    private final Path output;

    private Ffmpeg(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code ffmpeg -hide_banner -nostdin ARGS}. */
    public static Ffmpeg start(String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/ffmpeg", "-hide_banner", "-nostdin"));
        command.addAll(List.of(args));
        return launch(command);
    }

    /** Starts {@code ffprobe ARGS}. */
    public static Ffmpeg probe(String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/ffprobe"));
        command.addAll(List.of(args));
        return launch(command);
    }

    /** A publisher of a 640x360 test picture (H.264, a keyframe every 2 s) and a 440 Hz tone (AAC). */
    public static Ffmpeg publishTestCard(String url, int seconds, boolean realTime) {
        List<String> args = new ArrayList<>(List.of("-loglevel", "warning"));
        if (realTime) {
            args.add("-re");
        }
        args.addAll(List.of("-f", "lavfi", "-i", "testsrc=size=640x360:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440", "-t", String.valueOf(seconds),
                "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "50",
                "-c:a", "aac", "-f", "flv", url));
        return start(args.toArray(String[]::new));
    }

    private static Ffmpeg launch(List<String> command) {
        try {
            Path output = Files.createTempFile("ffmpeg", ".log");
            output.toFile().deleteOnExit();
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            return new Ffmpeg(process, output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the exit; kills the process and fails if it takes longer than the timeout. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("still running after " + timeout + ": " + output());
        }
        return process.exitValue();
    }

    /** SIGKILL, as kill -9 does: no goodbye on the connection. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
