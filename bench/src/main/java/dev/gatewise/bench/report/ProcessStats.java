package dev.gatewise.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process, read from /proc (Linux). */
public record ProcessStats(double cpuSeconds, long rssBytes) {
    private static final double TICKS_PER_SECOND = 100.0;

    /** The process and all its descendants (nginx's workers, say), added up. */
    public static ProcessStats ofTree(long pid) {
        ProcessStats total = of(pid);
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(java.util.List.of())) {
            ProcessStats stats = of(child.pid());
            total = new ProcessStats(total.cpuSeconds() + stats.cpuSeconds(), total.rssBytes() + stats.rssBytes());
        }
        return total;
    }

    public static ProcessStats of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name (which may contain spaces) start after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
            return new ProcessStats(cpu, rss);
        } catch (IOException e) {
            return new ProcessStats(0, 0);
        }
    }
}
