package dev.gatewise.bench.load;

import dev.gatewise.bench.report.CpuCost;
import dev.gatewise.bench.report.ProcessStats;
import dev.gatewise.bench.target.Target;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The CPU a target's server and its companions (Redis, say) use from {@link #start} to {@link #stop}. */
final class CpuMeter {
    private final Target target;
    private final double serverBefore;
    private final Map<String, Double> companionsBefore;

    private CpuMeter(Target target) throws IOException {
        this.target = target;
        this.serverBefore = ProcessStats.of(target.pid()).cpuSeconds();
        this.companionsBefore = target.companionCpuSeconds();
    }

    static CpuMeter start(Target target) throws IOException {
        return new CpuMeter(target);
    }

    /** @param units the work done meanwhile (messages delivered, clients caught up) */
    CpuCost stop(long units) throws IOException {
        double server = ProcessStats.of(target.pid()).cpuSeconds() - serverBefore;
        var companions = new LinkedHashMap<String, Double>();
        target.companionCpuSeconds().forEach((name, used) -> companions.put(name,
                used - companionsBefore.getOrDefault(name, 0.0)));
        return CpuCost.of(server, companions, units);
    }
}
