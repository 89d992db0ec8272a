package cnn.nn;

import cnn.nn.optim.Sgd;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network at work on one fixed random batch, step after step, for benchmarks: the data pipeline is left out. A
 * training step is what PyTorch's reference benchmark times ({@code ../shared/reference/pytorch/bench.py}): forward in
 * training mode, softmax cross-entropy, backward and SGD with lr 0.01 and momentum 0.9; an inference step is a forward
 * pass in eval mode. Labels cycle through the classes.
 */
public final class Workload {
    private static final double LR = 0.01;

    /** Mean ms per step of one part of the step. */
    public record Phase(String name, double ms) {}

    private final Network net;
    private final INDArray x;
    private final int[] labels;
    private final TrainStep train; // null for inference
    private long inferNanos;

    private Workload(Network net, int batch, long seed, boolean training) {
        this.net = net;
        Nd4j.getRandom().setSeed(seed);
        this.x = Nd4j.randn(net.precision().dtype, net.spec().in().batchDims(batch));
        int classes = net.spec().out().c();
        this.labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % classes;
        }
        this.train = training ? new TrainStep(net, 0, new Sgd(LR, 0.9, false, 0.0).create(net.store().params(),
                net.store().grads())) : null;
    }

    public static Workload training(Network net, int batch, long seed) {
        return new Workload(net, batch, seed, true);
    }

    public static Workload inference(Network net, int batch, long seed) {
        return new Workload(net, batch, seed, false);
    }

    /** One step. */
    public void run() {
        if (train != null) {
            train.forward(x, labels);
            train.backward();
            train.update(LR, 0.9);
        } else {
            long t0 = System.nanoTime();
            net.forward(x, false);
            inferNanos += System.nanoTime() - t0;
        }
    }

    /** Forgets the phase times so far (after warm-up). */
    public void resetPhases() {
        inferNanos = 0;
        if (train != null) {
            Arrays.fill(train.nanos(), 0);
        }
    }

    /** Mean ms per step of each part over {@code steps} steps since the last reset. */
    public List<Phase> phases(int steps) {
        if (train == null) {
            return List.of(new Phase("forward", inferNanos / 1e6 / steps));
        }
        long[] n = train.nanos();
        return List.of(new Phase("forward", n[0] / 1e6 / steps), new Phase("loss", n[1] / 1e6 / steps),
                new Phase("backward", n[2] / 1e6 / steps), new Phase("optimizer", n[3] / 1e6 / steps));
    }
}
