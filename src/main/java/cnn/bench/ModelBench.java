package cnn.bench;

import cnn.nn.LayerTimes;
import cnn.nn.Network;
import cnn.nn.Precision;
import cnn.nn.Workload;
import cnn.spec.ModelSpec;
import cnn.spec.Node;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Images per second of one model training or predicting on a fixed random batch held in memory, so the data
 * pipeline is left out ({@link LoaderBench} measures that). A training step is what PyTorch's reference benchmark
 * times (`../shared/reference/pytorch/bench.py`): forward in training mode, softmax cross-entropy, backward and
 * SGD with lr 0.01 and momentum 0.9; an inference step is a forward pass in eval mode.
 */
public final class ModelBench {
    /** Single-core SGEMM on the reference machine (2-core AMD EPYC Zen4), the FP32 bound per thread. */
    public static final double SGEMM_GFLOPS_PER_THREAD = 103;

    public enum Mode { TRAIN, INFER }

    /** The model measured: its name, where its spec came from, the resolved network and its initialisation. */
    public record Model(String name, String source, Node root, ModelSpec.InitScheme init) {}

    /**
     * @param batch   images per step
     * @param threads threads ({@link Network#useThreads}: one data-parallel replica per thread)
     * @param seconds timed window; at least {@code MIN_STEPS} steps run whatever it is
     * @param warmup  untimed steps first (buffers, oneDNN primitive caches and the JIT settle)
     * @param warmupSeconds and at least this long: the JIT compiles the vector kernels for seconds (C2 took 3.4 s of
     *                CPU in the first 9 s of a LeNet-5 run, on one of the two cores the replicas need)
     * @param jitWaitSeconds then on, up to this much longer, until the JIT compiled for at most 2 % of the last second:
     *                it kept compiling (10 % of a core in seconds 5-12 of a LeNet-5 run on 2 threads, perf), and
     *                on 2 threads a compile on either core holds back both replicas' step
     * @param layers  also time every primitive layer's forward and backward
     */
    public record Options(int batch, int threads, Mode mode, double seconds, int warmup, double warmupSeconds,
            double jitWaitSeconds, boolean layers, long seed) {
        public Options {
            if (batch < 1 || threads < 1 || seconds < 0 || warmup < 0 || warmupSeconds < 0 || jitWaitSeconds < 0) {
                throw new IllegalArgumentException("need batch >= 1, threads >= 1, seconds >= 0, warmup >= 0,"
                        + " warmupSeconds >= 0 and jitWaitSeconds >= 0");
            }
        }
    }

    /** The JIT counts as settled when it compiled for at most this share of the last second of warm-up. */
    static final double JIT_QUIET = 0.02;

    static final int MIN_STEPS = 5;

    private ModelBench() {}

    public static BenchResult run(Model model, Options o) {
        LayerTimes times = o.layers() ? new LayerTimes() : null;
        Network net = Network.build(model.root(), Precision.FLOAT32, o.seed(), model.init(), times);
        int threads = net.useThreads(o.threads());
        Workload step = o.mode() == Mode.TRAIN ? Workload.training(net, o.batch(), o.seed())
                : Workload.inference(net, o.batch(), o.seed());
        Warmup warm = Warmup.run(step::run, o);
        if (times != null) {
            times.reset();
        }
        step.resetPhases();
        List<Long> steps = new ArrayList<>();
        List<Long> threadCpu = new ArrayList<>();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        long end = start + (long) (o.seconds() * 1e9);
        while (steps.size() < MIN_STEPS || System.nanoTime() < end) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            step.run();
            steps.add(System.nanoTime() - t0);
            threadCpu.add(mx.getCurrentThreadCpuTime() - c0);
        }
        double window = (System.nanoTime() - start) / 1e9;
        double cpuOverWall = (processCpuNanos() - cpu0) / 1e9 / window;
        long macs = model.root().macs();
        double flopsPerImage = 2.0 * macs * (o.mode() == Mode.TRAIN ? 3 : 1);
        return BenchResult.of(model, o, threads, warm, steps, window, flopsPerImage, SGEMM_GFLOPS_PER_THREAD * threads,
                step.phases(steps.size()), times == null ? List.of() : times.rows(), Memory.now(), cpuOverWall,
                threadCpu);
    }

    /**
     * The untimed steps: at least {@code warmup} of them and {@code warmupSeconds}, then more until the JIT compiler
     * has been quiet for a second ({@link #JIT_QUIET}) or {@code jitWaitSeconds} more have passed.
     *
     * @param jit whether the JIT settled: {@code settled}, {@code still compiling} (the wait ran out), {@code not
     *            waited for} ({@code jitWaitSeconds} 0) or {@code not measurable} (the JVM keeps no compile time).
     *            Compile time counts when a compile ends, so one compile spanning a whole second looks quiet.
     */
    record Warmup(int steps, double seconds, String jit) {
        static Warmup run(Runnable step, Options o) {
            java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            boolean measurable = jit != null && jit.isCompilationTimeMonitoringSupported();
            long start = System.nanoTime();
            long minEnd = start + (long) (o.warmupSeconds() * 1e9);
            long maxEnd = minEnd + (long) (o.jitWaitSeconds() * 1e9);
            long windowStart = start;
            long jitAtWindowStart = measurable ? jit.getTotalCompilationTime() : 0;
            boolean quiet = false;
            int steps = 0;
            long now = start;
            while (steps < o.warmup() || now < minEnd || (measurable && !quiet && now < maxEnd)) {
                step.run();
                steps++;
                now = System.nanoTime();
                if (measurable && now - windowStart >= 1_000_000_000L) {
                    long jitMs = jit.getTotalCompilationTime();
                    quiet = jitMs - jitAtWindowStart <= JIT_QUIET * (now - windowStart) / 1e6;
                    windowStart = now;
                    jitAtWindowStart = jitMs;
                }
            }
            String state = !measurable ? "not measurable" : quiet ? "settled"
                    : o.jitWaitSeconds() == 0 ? "not waited for" : "still compiling";
            return new Warmup(steps, (now - start) / 1e9, state);
        }
    }

    /** CPU time of the whole process: with T threads busy it grows T times as fast as the clock. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
