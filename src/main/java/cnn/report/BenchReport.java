package cnn.report;

import cnn.bench.BenchResult;
import cnn.bench.LoaderBench;
import cnn.bench.Memory;
import cnn.spec.SpecReader;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Renders `cnn bench` results. Table and Markdown: a summary, then with per-layer times one row per primitive layer
 * and one per layer kind. CSV: the summary as one row, or the per-layer rows when they were measured. JSON: all of it.
 */
public final class BenchReport {
    private BenchReport() {}

    public static String render(BenchResult r, Tables.Format format) {
        return switch (format) {
            case JSON -> json(r);
            case CSV -> Tables.csv(r.layers().isEmpty() ? summaryRow(r) : layers(r));
            case TABLE -> summary(r) + (r.layers().isEmpty() ? ""
                    : "\n" + Tables.console(layers(r)) + "\n" + Tables.console(kinds(r)));
            case MARKDOWN -> summary(r).lines().map(l -> "- " + l).collect(Collectors.joining("\n", "", "\n"))
                    + (r.layers().isEmpty() ? "" : "\n" + Tables.markdown(layers(r)) + "\n" + Tables.markdown(kinds(r)));
        };
    }

    public static String render(LoaderBench.Result r, Tables.Format format) {
        if (format == Tables.Format.JSON) {
            return json(r);
        }
        Table t = Table.create("loader").addColumns(
                StringColumn.create("dataset", List.of(r.dataset())),
                StringColumn.create("source", List.of(r.source())),
                IntColumn.create("batch", new int[] {r.batch()}),
                StringColumn.create("augmentation", List.of(r.augmentation())),
                LongColumn.create("images", new long[] {r.images()}),
                DoubleColumn.create("seconds", new double[] {r.seconds()}),
                DoubleColumn.create("images/s", r.imagesPerSecond()));
        return switch (format) {
            case CSV -> Tables.csv(t);
            case MARKDOWN -> Tables.markdown(fixed(t, 3));
            default -> Tables.console(fixed(t, 3));
        };
    }

    private static String summary(BenchResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.US, "%s (%s), %s, batch %d, %d thread%s, input %s: %d timed steps in %.1f s"
                + " after %d warm-up steps in %.1f s (JIT %s)%n", r.model(), r.source(), r.mode(), r.batch(), r.threads(),
                r.threads() == 1 ? "" : "s", r.input(), r.steps(), r.windowSeconds(), r.warmupSteps(), r.warmupSeconds(),
                r.jit()));
        line(sb, "images/s", String.format(Locale.US, "%.1f median, %.1f mean, %.1f-%.1f min-max; %.1f per CPU-second of"
                + " the calling thread", r.imagesPerSecondMedian(), r.imagesPerSecondMean(), r.imagesPerSecondMin(),
                r.imagesPerSecondMax(), r.imagesPerThreadCpuSecond()));
        line(sb, "step", String.format(Locale.US, "%.2f ms median; process CPU time / wall time %.2f", r.stepMsMedian(),
                r.cpuOverWall()));
        line(sb, "compute", String.format(Locale.US, "%.1f GFLOP/s (%.4f GFLOP per image%s), %.0f%% of the FP32 bound"
                + " of %.0f GFLOP/s", r.gflops(), r.flopsPerImage() / 1e9, r.mode().equals("train")
                ? ": 3 x forward" : "", 100 * r.fractionOfBound(), r.fp32BoundGflops()));
        line(sb, "memory", memory(r.memory()));
        line(sb, "phases", r.phases().stream().map(p -> String.format(Locale.US, "%s %.2f ms", p.name(), p.ms()))
                .collect(Collectors.joining(", ")));
        return sb.toString();
    }

    static String memory(Memory m) {
        return "peak RSS " + (m.peakRssBytes() < 0 ? "n/a" : SummaryReport.bytes(m.peakRssBytes()))
                + ", off-heap (ND4J, estimated) " + (m.offHeapBytes() < 0 ? "n/a" : SummaryReport.bytes(m.offHeapBytes()))
                + ", Java heap in use "
                + SummaryReport.bytes(m.heapUsedBytes());
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(String.format(Locale.US, "%-10s %s%n", key + ":", value));
    }

    private static Table summaryRow(BenchResult r) {
        return Table.create("bench").addColumns(
                StringColumn.create("model", List.of(r.model())),
                StringColumn.create("mode", List.of(r.mode())),
                IntColumn.create("batch", new int[] {r.batch()}),
                IntColumn.create("threads", new int[] {r.threads()}),
                IntColumn.create("steps", new int[] {r.steps()}),
                DoubleColumn.create("img_s_median", r.imagesPerSecondMedian()),
                DoubleColumn.create("img_s_mean", r.imagesPerSecondMean()),
                DoubleColumn.create("img_s_min", r.imagesPerSecondMin()),
                DoubleColumn.create("img_s_max", r.imagesPerSecondMax()),
                DoubleColumn.create("step_ms_median", r.stepMsMedian()),
                DoubleColumn.create("cpu_over_wall", r.cpuOverWall()),
                DoubleColumn.create("img_s_thread_cpu", r.imagesPerThreadCpuSecond()),
                DoubleColumn.create("gflops", r.gflops()),
                DoubleColumn.create("fraction_of_fp32_bound", r.fractionOfBound()),
                DoubleColumn.create("peak_rss_bytes", (double) r.memory().peakRssBytes()),
                DoubleColumn.create("off_heap_bytes", (double) r.memory().offHeapBytes()));
    }

    private static Table layers(BenchResult r) {
        List<BenchResult.LayerRow> rows = r.layers();
        Table t = Table.create(r.model() + " per layer (mean ms per step)").addColumns(
                StringColumn.create("layer", rows.stream().map(BenchResult.LayerRow::path)),
                StringColumn.create("kind", rows.stream().map(BenchResult.LayerRow::kind)),
                DoubleColumn.create("forward ms", rows.stream().mapToDouble(BenchResult.LayerRow::forwardMs)),
                DoubleColumn.create("backward ms", rows.stream().mapToDouble(BenchResult.LayerRow::backwardMs)),
                DoubleColumn.create("% of step", rows.stream().mapToDouble(BenchResult.LayerRow::percentOfStep)));
        return fixed(t, 2);
    }

    /** Per layer kind: total time, share of the step, and the images/s that kind alone would allow. */
    private static Table kinds(BenchResult r) {
        Map<String, double[]> byKind = new LinkedHashMap<>(); // layers, forward ms, backward ms, percent
        for (BenchResult.LayerRow l : r.layers()) {
            double[] k = byKind.computeIfAbsent(l.kind(), x -> new double[4]);
            k[0]++;
            k[1] += l.forwardMs();
            k[2] += l.backwardMs();
            k[3] += l.percentOfStep();
        }
        StringColumn kind = StringColumn.create("kind");
        IntColumn count = IntColumn.create("layers");
        DoubleColumn fwd = DoubleColumn.create("forward ms");
        DoubleColumn bwd = DoubleColumn.create("backward ms");
        DoubleColumn pct = DoubleColumn.create("% of step");
        DoubleColumn fwdRate = DoubleColumn.create("forward img/s");
        DoubleColumn stepRate = DoubleColumn.create("fwd+bwd img/s");
        byKind.forEach((k, v) -> {
            kind.append(k);
            count.append((int) v[0]);
            fwd.append(v[1]);
            bwd.append(v[2]);
            pct.append(v[3]);
            fwdRate.append(v[1] > 0 ? r.batch() * 1000 / v[1] : Double.NaN);
            stepRate.append(v[1] + v[2] > 0 ? r.batch() * 1000 / (v[1] + v[2]) : Double.NaN);
        });
        double sum = byKind.values().stream().mapToDouble(v -> v[3]).sum();
        kind.append("(rest: loss, optimizer, combinators)");
        count.append(0);
        fwd.appendMissing();
        bwd.appendMissing();
        pct.append(Math.max(0, 100 - sum));
        fwdRate.appendMissing();
        stepRate.appendMissing();
        return fixed(Table.create(r.model() + " per layer kind").addColumns(kind, count, fwd, bwd, pct, fwdRate,
                stepRate), 2);
    }

    private static Table fixed(Table t, int decimals) {
        for (String name : t.columnNames()) {
            if (t.column(name) instanceof DoubleColumn d) {
                d.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(decimals));
            }
        }
        return t;
    }

    private static String json(Object o) {
        try {
            return SpecReader.jsonMapper().writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
