package dev.gatewise.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU spent per unit of work (a delivered message, a delivery), by process: the server under test
 * first, then the processes it relies on (Redis, say). Per unit rather than per second, because the
 * load generator shares the cores: a slower run on a busy machine still costs the same per message,
 * so a regression shows here even when throughput is noise.
 *
 * @param cpuSeconds CPU seconds over the measured window, by process name ("server" first)
 * @param units      the units of work done in that window
 */
public record CpuCost(Map<String, Double> cpuSeconds, long units) {
    public static final String SERVER = "server";

    /** @param others CPU seconds of the other processes the target runs, by name, in print order */
    public static CpuCost of(double serverCpuSeconds, Map<String, Double> others, long units) {
        var all = new LinkedHashMap<String, Double>();
        all.put(SERVER, serverCpuSeconds);
        all.putAll(others);
        return new CpuCost(all, units);
    }

    public double microsPerUnit(String process) {
        return units == 0 ? Double.NaN : cpuSeconds.getOrDefault(process, Double.NaN) * 1e6 / units;
    }

    /** "server 21.3 µs/msg, redis 9.8 µs/msg". */
    public String line(String unit) {
        var parts = new ArrayList<String>();
        cpuSeconds.keySet().forEach(process -> parts.add(String.format("%s %.1f µs/%s", process,
                microsPerUnit(process), unit)));
        return String.join(", ", parts);
    }

    /** The processes any of {@code costs} has a figure for, server first: the columns of a table. */
    public static List<String> processes(List<CpuCost> costs) {
        var names = new ArrayList<String>();
        costs.forEach(cost -> cost.cpuSeconds.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add));
        return names;
    }

    /** Table header cells for {@link #cells}: "server CPU µs/msg | redis CPU µs/msg". */
    public static String headers(List<String> processes, String unit) {
        var cells = new ArrayList<String>();
        processes.forEach(process -> cells.add(process + " CPU µs/" + unit));
        return String.join(" | ", cells);
    }

    /** This cost's cells for the given columns; "-" where it has no such process. */
    public String cells(List<String> processes) {
        var cells = new ArrayList<String>();
        processes.forEach(process -> cells.add(cpuSeconds.containsKey(process)
                ? String.format("%.1f", microsPerUnit(process)) : "-"));
        return String.join(" | ", cells);
    }
}
