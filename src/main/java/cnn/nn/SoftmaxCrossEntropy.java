package cnn.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mean softmax cross-entropy over a batch with optional label smoothing (Szegedy et al.,
 * arXiv:1512.00567), PyTorch {@code F.cross_entropy(logits, labels, label_smoothing=eps)}: the target is
 * {@code q = (1 - eps) * onehot + eps/C}, {@code loss = mean_i sum_c -q_ic log p_ic}, and
 * {@code dL/dlogits = (p - q)/N}. Log-probabilities are {@code z - log(sum(exp(z)))} with
 * {@code z = logits - rowmax}, so huge logits neither overflow nor produce log(0); libnd4j's
 * {@code log_softmax} gives -inf there (measured: logits 1e4 apart in float32).
 *
 * <p>Not a {@link Layer}: it ends the graph. {@link #backward()} belongs to the last {@link #forward};
 * both return arrays this object reuses.
 */
public final class SoftmaxCrossEntropy {
    private static final int[] ROWS = {1};
    private final double labelSmoothing;
    private INDArray logProbs;
    private INDArray probs;
    private INDArray dLogits;
    private INDArray rowStat;  // [N]: row max, then log-sum-exp of the shifted row
    private INDArray rowStat2; // the same as [N, 1], for broadcasting
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
        long c = logits.size(1);
        if (!Ops.sameLayout(logits, logProbs)) {
            logProbs = Ops.reuse(logProbs, logits.dataType(), logits.shape());
            probs = Ops.reuse(probs, logits.dataType(), logits.shape());
            dLogits = Ops.reuse(dLogits, logits.dataType(), logits.shape());
            rowStat = Ops.reuse(rowStat, logits.dataType(), n);
            rowStat2 = rowStat.reshape('c', n, 1);
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("label " + labels[i] + " at " + i + " outside [0, " + c + ")");
            }
        }
        this.labels = labels;
        Ops.exec("reduce_max", new INDArray[] {logits}, new INDArray[] {rowStat}, ROWS);
        Ops.broadcast("subtract", logits, rowStat2, logProbs);
        Nd4j.exec(new Exp(logProbs, probs));
        Ops.exec("reduce_sum", new INDArray[] {probs}, new INDArray[] {rowStat}, ROWS);
        Nd4j.exec(new Log(rowStat, rowStat));
        Ops.broadcast("subtract", logProbs, rowStat2, logProbs);
        Nd4j.exec(new Exp(logProbs, probs));
        double picked = 0;
        for (int i = 0; i < n; i++) {
            picked += logProbs.getDouble(i, labels[i]);
        }
        double loss = -(1 - labelSmoothing) * picked;
        if (labelSmoothing > 0) {
            loss -= labelSmoothing / c * logProbs.sumNumber().doubleValue();
        }
        return loss / n;
    }

    /** dL/dlogits of the last {@link #forward}: {@code (softmax - q)/N}. */
    public INDArray backward() {
        int n = labels.length;
        double c = probs.size(1);
        probs.mul(1.0 / n, dLogits);
        if (labelSmoothing > 0) {
            dLogits.subi(labelSmoothing / (c * n));
        }
        double hit = (1 - labelSmoothing) / n;
        for (int i = 0; i < n; i++) {
            dLogits.putScalar(i, labels[i], dLogits.getDouble(i, labels[i]) - hit);
        }
        return dLogits;
    }

    /** Softmax probabilities {@code [N, C]} of the last {@link #forward}. */
    public INDArray probabilities() {
        return probs;
    }
}
