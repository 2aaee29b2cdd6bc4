package dev.gatewise.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Latency against offered rate, one p50 and one p99 line per target, written as a PNG. */
public final class LatencyPlot {
    private LatencyPlot() {}

    /** @param runs per target, its runs at each of {@code rates}, in that order */
    public static Path write(Path file, String title, List<Double> rates, Map<String, List<RunResult>> runs)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title)
                .xAxisTitle("offered load (messages/s)").yAxisTitle("send → push latency (ms)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        runs.forEach((target, results) -> {
            var p50 = new ArrayList<Double>();
            var p99 = new ArrayList<Double>();
            for (RunResult result : results) {
                p50.add(Math.max(0.01, result.deliveryLatency().getValueAtPercentile(50) / 1e6));
                p99.add(Math.max(0.01, result.deliveryLatency().getValueAtPercentile(99) / 1e6));
            }
            chart.addSeries(target + " p50", rates, p50).setMarker(SeriesMarkers.CIRCLE);
            chart.addSeries(target + " p99", rates, p99).setMarker(SeriesMarkers.DIAMOND);
        });
        Files.createDirectories(file.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
