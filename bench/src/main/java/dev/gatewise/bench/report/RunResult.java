package dev.gatewise.bench.report;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The figures of one run against one target.
 *
 * @param cpu CPU over the measured window, per delivered message (per delivery in group runs)
 */
public record RunResult(String target, double seconds, long sent, long acked, long delivered, long errors,
                        Histogram ackLatency, Histogram deliveryLatency, long serverRssBytes,
                        Map<String, Long> storeCommands, CpuCost cpu) {

    public double serverCpuSeconds() {
        return cpu.cpuSeconds().get(CpuCost.SERVER);
    }

    public double deliveredPerSecond() {
        return delivered / seconds;
    }

    public String line(RunResult baseline) {
        String ratio = baseline == null || baseline == this ? "" : String.format(" (%.2f of %s)",
                deliveredPerSecond() / baseline.deliveredPerSecond(), baseline.target());
        return String.format("%-22s %9.0f msg/s%s | acked %d, delivered %d, errors %d | send->push p50 %s p99 %s "
                        + "p99.9 %s max %s | send->ack p50 %s p99 %s | server CPU %.1f s (%.1f%% of 1 core), RSS %d MiB"
                        + " | CPU per message: %s",
                target, deliveredPerSecond(), ratio, acked, delivered, errors,
                ms(deliveryLatency, 50), ms(deliveryLatency, 99), ms(deliveryLatency, 99.9),
                ms(deliveryLatency, 100), ms(ackLatency, 50), ms(ackLatency, 99), serverCpuSeconds(),
                100 * serverCpuSeconds() / seconds, serverRssBytes >> 20, cpu.line("msg")) + storeLine();
    }

    /** Store commands per delivered message, by command (Redis only). */
    private String storeLine() {
        if (storeCommands.isEmpty() || delivered == 0) {
            return "";
        }
        var line = new StringBuilder(String.format("%n    store commands per message: %.2f (",
                storeCommands.values().stream().mapToLong(Long::longValue).sum() / (double) delivered));
        storeCommands.forEach((command, calls) -> line.append(String.format("%s %.2f ", command,
                calls / (double) delivered)));
        return line.toString().stripTrailing() + ")";
    }

    private static String ms(Histogram histogram, double percentile) {
        if (histogram.getTotalCount() == 0) {
            return "-";
        }
        long nanos = percentile >= 100 ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile);
        return String.format("%.2fms", nanos / 1e6);
    }
}
