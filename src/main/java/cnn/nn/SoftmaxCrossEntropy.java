package cnn.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mean softmax cross-entropy over a batch with optional label smoothing (Szegedy et al.,
 * arXiv:1512.00567), PyTorch {@code F.cross_entropy(logits, labels, label_smoothing=eps)}: the target is
 * {@code q = (1 - eps) * onehot + eps/C}, {@code loss = mean_i sum_c -q_ic log p_ic}, and
 * {@code dL/dlogits = (p - q)/N}. Log-probabilities are {@code z - log(sum(exp(z)))} with
 * {@code z = logits - rowmax}, so huge logits neither overflow nor produce log(0); libnd4j's
 * {@code log_softmax} gives -inf there (measured: logits 1e4 apart in float32). The [N, C] values are computed in
 * double in Java: as libnd4j ops this was nine native calls of ~15-40 us fixed cost each, half of LeNet's loss time.
 *
 * <p>Not a {@link Layer}: it ends the graph. {@link #backward()} belongs to the last {@link #forward};
 * both return arrays this object reuses.
 */
public final class SoftmaxCrossEntropy {
    private final double labelSmoothing;
    private INDArray probs;
    private INDArray dLogits;
    private double[] values; // [N * C]: the logits, then the probabilities of the last forward
    private int[] labels;

    public SoftmaxCrossEntropy(double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.labelSmoothing = labelSmoothing;
    }

    /** Mean loss of {@code logits [N, C]} against class indices {@code labels} (length N). */
    public double forward(INDArray logits, int[] labels) {
        if (logits.rank() != 2 || logits.size(0) != labels.length) {
            throw new IllegalArgumentException("cross-entropy: logits " + Arrays.toString(logits.shape())
                    + " for " + labels.length + " labels");
        }
        int n = labels.length;
        int c = Math.toIntExact(logits.size(1));
        if (!Ops.sameLayout(logits, probs)) {
            probs = Ops.reuse(probs, logits.dataType(), logits.shape());
            dLogits = Ops.reuse(dLogits, logits.dataType(), logits.shape());
            values = new double[Math.multiplyExact(n, c)];
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("label " + labels[i] + " at " + i + " outside [0, " + c + ")");
            }
        }
        this.labels = labels;
        Backend.of(logits.dataType()).read(Ops.asContiguous(logits), values);
        double picked = 0;
        double all = 0;
        for (int i = 0; i < n; i++) {
            int row = i * c;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, values[row + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += Math.exp(values[row + j] - max);
            }
            double lse = max + Math.log(sum);
            picked += values[row + labels[i]] - lse;
            for (int j = 0; j < c; j++) {
                double logP = values[row + j] - lse;
                all += logP;
                values[row + j] = Math.exp(logP);
            }
        }
        Backend.of(probs.dataType()).write(values, probs);
        double loss = -(1 - labelSmoothing) * picked;
        if (labelSmoothing > 0) {
            loss -= labelSmoothing / c * all;
        }
        return loss / n;
    }

    /** dL/dlogits of the last {@link #forward}: {@code (softmax - q)/N}. */
    public INDArray backward() {
        int n = labels.length;
        int c = values.length / n;
        double[] d = new double[values.length];
        double hit = (1 - labelSmoothing) / n;
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i] / n - labelSmoothing / ((double) c * n);
        }
        for (int i = 0; i < n; i++) {
            d[i * c + labels[i]] -= hit;
        }
        Backend.of(dLogits.dataType()).write(d, dLogits);
        return dLogits;
    }

    /** Softmax probabilities {@code [N, C]} of the last {@link #forward}. */
    public INDArray probabilities() {
        return probs;
    }
}
