package cnn.nn;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.nd4j.nativeblas.Nd4jBlas;

/**
 * The one switch for how many CPU threads the numeric libraries use on the calling thread: libnd4j's own loops,
 * oneDNN (OpenMP) and OpenBLAS. A network's thread count is {@link Network#useThreads}, which runs one replica per
 * thread with each set to one here. Measured (ND4J 1.0.0-M2.1): each of the three has its own pool, and none follows the others.
 *
 * <ul>
 *   <li>libnd4j sizes its pool once, at start-up, from {@code OMP_NUM_THREADS} or the number of cores, and ignores
 *       {@code setMaxThreads}; {@code setMaxMasterThreads} limits how many of them a loop uses, up to that size.</li>
 *   <li>OpenMP's thread count is per calling thread ({@code omp_set_num_threads}), so this must run on the thread
 *       that executes the ops, before it runs any.</li>
 *   <li>OpenBLAS has one process-wide count.</li>
 * </ul>
 */
public final class Threads {
    private Threads() {}

    /**
     * Uses at most {@code n} threads from here on, on the calling thread; returns how many are in effect, which is
     * less than {@code n} if libnd4j's pool is smaller (it never grows after start-up; {@link #available()}).
     */
    public static int use(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + n);
        }
        int t = Math.min(n, available());
        Nd4j.getEnvironment().setMaxMasterThreads(t);
        nativeOps().setOmpNumThreads(t);
        ((Nd4jBlas) Nd4j.factory().blas()).setMaxThreads(t);
        return t;
    }

    /**
     * The thread that runs replica {@code i} (1..) of every {@link Network}: one daemon thread per index, set to
     * {@code use(1)} when it starts (OpenMP's count is per thread); it ends after a minute idle. A replica always runs
     * on the same thread, so its {@link Scratch} buffers and the libraries' per-thread state are made once: with a
     * cached pool, a part submitted before the last one's thread was back in the pool started another thread (two
     * replica threads and their scratch seen in a ResNet-20 run).
     */
    static ExecutorService worker(int i) {
        return WORKERS.computeIfAbsent(i, k -> {
            ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    task -> {
                        Thread t = new Thread(() -> {
                            use(1);
                            task.run();
                        }, "cnn-replica-" + k);
                        t.setDaemon(true);
                        return t;
                    });
            e.allowCoreThreadTimeOut(true);
            return e;
        });
    }

    private static final Map<Integer, ExecutorService> WORKERS = new ConcurrentHashMap<>();

    /** The most threads {@link #use} can give: libnd4j's pool size, fixed when the library loaded. */
    public static int available() {
        return Nd4j.getEnvironment().maxThreads();
    }

    /** The threads in effect for the calling thread: the smallest of the three libraries' settings. */
    public static int current() {
        int omp = nativeOps().ompGetMaxThreads();
        int blas = ((Nd4jBlas) Nd4j.factory().blas()).getMaxThreads();
        return Math.min(Nd4j.getEnvironment().maxMasterThreads(), Math.min(omp, blas));
    }

    /** NativeOpsHolder fails to initialise unless Nd4j has loaded the backend first. */
    private static NativeOps nativeOps() {
        Nd4j.getBackend();
        return NativeOpsHolder.getInstance().getDeviceNativeOps();
    }
}
