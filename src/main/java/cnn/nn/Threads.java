package cnn.nn;

import org.nd4j.linalg.factory.Nd4j;

/** How many threads ND4J's native kernels (libnd4j, oneDNN, OpenBLAS) use. */
public final class Threads {
    private Threads() {}

    public static void use(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + n);
        }
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
    }
}
