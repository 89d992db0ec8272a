package cnn.nn;

import cnn.nn.optim.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One training step in two halves, so that the caller can look at the loss in between (a diverged run stops before
 * it touches the weights): {@link #forward} runs the network in training mode and the softmax cross-entropy,
 * {@link #backward} back-propagates without the input gradient (nobody reads it) into the parameter gradients; the
 * optimizer step follows. Each part's time is summed, for benchmarks.
 */
public final class TrainStep {
    private final Network net;
    private final SoftmaxCrossEntropy loss;
    private final Optimizer optimizer;
    private final long[] nanos = new long[4]; // forward, loss, backward, optimizer
    private INDArray logits;

    public TrainStep(Network net, double labelSmoothing, Optimizer optimizer) {
        this.net = net;
        this.loss = new SoftmaxCrossEntropy(labelSmoothing);
        this.optimizer = optimizer;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** Training-mode forward of {@code x} {@code [N, C, H, W]} and the mean loss against {@code labels}. */
    public double forward(INDArray x, int[] labels) {
        long t0 = System.nanoTime();
        logits = net.forward(x, true);
        long t1 = System.nanoTime();
        double l = loss.forward(logits, labels);
        nanos[0] += t1 - t0;
        nanos[1] += System.nanoTime() - t1;
        return l;
    }

    /** The last forward's logits, row-major into {@code into} (reused when large enough); see {@link Evaluator#floats}. */
    public float[] logits(float[] into) {
        return Evaluator.floats(logits, into);
    }

    /** Back-propagates the last forward's loss into the parameter gradients. */
    public void backward() {
        long t0 = System.nanoTime();
        INDArray d = loss.backward();
        long t1 = System.nanoTime();
        net.backward(d, false);
        nanos[1] += t1 - t0;
        nanos[2] += System.nanoTime() - t1;
    }

    /** The optimizer step with this lr and momentum (SGD's momentum, Adam's beta1). */
    public void update(double lr, double momentum) {
        long t0 = System.nanoTime();
        optimizer.step(lr, momentum);
        nanos[3] += System.nanoTime() - t0;
    }

    /** Nanoseconds so far in forward, loss, backward and the optimizer, in that order. */
    long[] nanos() {
        return nanos;
    }
}
