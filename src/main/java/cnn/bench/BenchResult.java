package cnn.bench;

import cnn.nn.LayerTimes;
import cnn.nn.Workload;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What `cnn bench MODEL` measured. Throughput is per step: {@code batch / step time}; the median over the timed
 * steps is the headline (robust to another job stealing the core for a while), the mean is images over the whole
 * window. {@code cpuOverWall} is process CPU time over the window's wall time: about the thread count when
 * nothing else competed for the cores. {@code imagesPerThreadCpuSecond} divides by the median CPU time of the
 * calling thread per step instead of wall time: with one thread it discounts time other processes took from the core
 * (not their cache pollution), the figure to compare on a busy machine. FLOPs count 2 per MAC of convolutions and linear layers, three times the forward pass for training
 * (forward, input gradient, weight gradient), the convention of the reference numbers.
 */
@JsonPropertyOrder({"model", "source", "mode", "batch", "threads", "input", "warmup_steps", "warmup_seconds", "jit", "steps", "window_seconds",
    "images_per_second_median", "images_per_second_mean", "images_per_second_min", "images_per_second_max",
    "step_ms_median", "cpu_over_wall", "images_per_thread_cpu_second", "flops_per_image", "gflops", "fp32_bound_gflops", "fraction_of_bound", "memory", "phases",
    "layers"})
public record BenchResult(String model, String source, String mode, int batch, int threads, String input,
        int warmupSteps, double warmupSeconds, String jit, int steps, double windowSeconds, double imagesPerSecondMedian, double imagesPerSecondMean,
        double imagesPerSecondMin, double imagesPerSecondMax, double stepMsMedian, double cpuOverWall, double imagesPerThreadCpuSecond, double flopsPerImage,
        double gflops,
        double fp32BoundGflops, double fractionOfBound, Memory memory, List<Workload.Phase> phases, List<LayerRow> layers) {

    /** One primitive layer: mean ms per step in forward and backward, and their share of the mean step. */
    public record LayerRow(String path, String kind, double forwardMs, double backwardMs, double percentOfStep) {}

    static BenchResult of(ModelBench.Model model, ModelBench.Options o, int threads, ModelBench.Warmup warm,
            List<Long> stepNanos, double window, double flopsPerImage, double boundGflops, List<Workload.Phase> phases,
            List<LayerTimes.Row> times, Memory memory, double cpuOverWall, List<Long> threadCpuNanos) {
        long[] sorted = stepNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        double medianMs = median(sorted) / 1e6;
        double perSecond = o.batch() * 1000 / medianMs;
        int n = sorted.length;
        double meanMs = window * 1000 / n;
        List<LayerRow> layers = new ArrayList<>();
        for (LayerTimes.Row r : times) {
            double f = r.forwardNanos() / 1e6 / n;
            double b = r.backwardNanos() / 1e6 / n;
            layers.add(new LayerRow(r.path(), r.kind(), f, b, 100 * (f + b) / meanMs));
        }
        double gflops = perSecond * flopsPerImage / 1e9;
        return new BenchResult(model.name(), model.source(), o.mode().name().toLowerCase(Locale.ROOT), o.batch(),
                threads, model.root().in().toString(), warm.steps(), warm.seconds(), warm.jit(), n, window, perSecond, o.batch() * n / window,
                o.batch() * 1e9 / sorted[n - 1], o.batch() * 1e9 / sorted[0], medianMs, cpuOverWall,
                o.batch() * 1e9 / median(threadCpuNanos.stream().mapToLong(Long::longValue).sorted().toArray()),
                flopsPerImage, gflops,
                boundGflops, gflops / boundGflops, memory, phases, layers);
    }

    private static double median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
