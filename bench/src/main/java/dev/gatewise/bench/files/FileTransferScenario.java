package dev.gatewise.bench.files;

import dev.gatewise.bench.report.ProcessStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Moves the same bytes through each target with the same client, curl: many small files at a time (one curl
 * running {@code concurrency} transfers in parallel) and one large file at a time, up and down. Reports throughput
 * and the server's CPU time (the process and its children) for each phase.
 */
public final class FileTransferScenario {
    private final Path small;
    private final Path large;
    private final int smallCount;
    private final int concurrency;
    private final int repeat;
    private final Path work;

    public FileTransferScenario(Path small, Path large, int smallCount, int concurrency, int repeat, Path work) {
        this.small = small;
        this.large = large;
        this.smallCount = smallCount;
        this.concurrency = concurrency;
        this.repeat = repeat;
        this.work = work;
    }

    public List<Phase> run(FileTarget target) throws Exception {
        var phases = new ArrayList<Phase>();
        long smallSize = Files.size(small);
        long largeSize = Files.size(large);

        // Unmeasured rounds first, so a JVM's just-in-time compiler is not billed as serving cost.
        for (int round = 0; round < 5; round++) {
            curlConfig(smallUploads(target, 200, -1 - round * 200));
        }
        var uploads = smallUploads(target, smallCount, 0);
        phases.add(measure(target, "upload " + label(smallSize) + " x" + smallCount + " (" + concurrency
                + " at a time)", smallSize * smallCount, () -> curlConfig(uploads)));

        String smallUrl = target.publish(small);
        var downloads = new ArrayList<String>();
        target.downloadHeaders().forEach(h -> downloads.add("header = \"" + h + "\""));
        for (int i = 0; i < smallCount; i++) {
            downloads.add("url = \"" + smallUrl + "\"");
            downloads.add("output = \"/dev/null\"");
        }
        curlConfig(downloads); // warm-up, unmeasured
        phases.add(measure(target, "download " + label(smallSize) + " x" + smallCount + " (" + concurrency
                + " at a time)", smallSize * smallCount, () -> curlConfig(downloads)));

        for (int i = 0; i < repeat; i++) {
            List<String> upload = target.largeUpload(large);
            phases.add(measure(target, "upload " + label(largeSize), largeSize, () -> curl(upload)));
        }
        String largeUrl = target.publish(large);
        var download = new ArrayList<String>();
        target.downloadHeaders().forEach(h -> {
            download.add("-H");
            download.add(h);
        });
        download.addAll(List.of("-o", "/dev/null", largeUrl));
        for (int i = 0; i < repeat; i++) {
            phases.add(measure(target, "download " + label(largeSize), largeSize, () -> curl(download)));
        }
        return phases;
    }

    private List<String> smallUploads(FileTarget target, int count, int firstIndex) {
        var lines = new ArrayList<String>(target.smallUploadOptions(small));
        for (int i = 0; i < count; i++) {
            lines.add("url = \"" + target.smallUploadUrl(firstIndex < 0 ? firstIndex - i : firstIndex + i) + "\"");
            lines.add("output = \"/dev/null\"");
        }
        return lines;
    }

    private Phase measure(FileTarget target, String name, long bytes, Transfer transfer) throws Exception {
        double cpuBefore = ProcessStats.ofTree(target.pid()).cpuSeconds();
        long start = System.nanoTime();
        transfer.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = ProcessStats.ofTree(target.pid()).cpuSeconds() - cpuBefore;
        var phase = new Phase(target.name(), name, bytes, seconds, cpu);
        System.out.println(phase.line());
        return phase;
    }

    /** Runs the transfers a curl config file lists, {@code concurrency} at a time. */
    private void curlConfig(List<String> lines) throws Exception {
        Path config = Files.createTempFile(work, "curl", ".conf");
        Files.write(config, lines);
        curl(List.of("-Z", "--parallel-immediate", "--parallel-max", Integer.toString(concurrency), "-K",
                config.toString()));
        Files.delete(config);
    }

    /** Runs curl quietly; fails on any transfer error or an HTTP status of 400 or above. */
    private static void curl(List<String> arguments) throws Exception {
        var command = new ArrayList<>(List.of("curl", "-s", "-S", "--fail", "-H", "Expect:"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("curl failed (" + process.exitValue() + "): " + String.join(" ", command));
        }
    }

    static String label(long bytes) {
        return bytes >= 1L << 30 ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
    }

    @FunctionalInterface
    private interface Transfer {
        void run() throws Exception;
    }

    /** One measured phase. */
    public record Phase(String target, String name, long bytes, double seconds, double serverCpuSeconds) {
        public double mibPerSecond() {
            return bytes / seconds / (1 << 20);
        }

        /** Server CPU seconds per GiB moved. */
        public double cpuPerGib() {
            return serverCpuSeconds / (bytes / (double) (1L << 30));
        }

        String line() {
            return String.format("%-9s %-40s %8.1f MiB/s  %6.2f s  server CPU %.2f s (%.2f s/GiB)", target, name,
                    mibPerSecond(), seconds, serverCpuSeconds, cpuPerGib());
        }
    }
}
