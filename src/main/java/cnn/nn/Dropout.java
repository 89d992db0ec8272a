package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout (Srivastava et al. 2014), PyTorch {@code nn.Dropout(p)}: in training each element is
 * zeroed with probability p and the rest scaled by {@code 1/(1-p)}; identity at eval (the input itself is
 * returned). The mask of the k-th training forward call (k = {@link #calls()}) depends only on (seed, k),
 * so restoring {@code calls} from a checkpoint reproduces the masks of an uninterrupted run.
 *
 * <p>The mask comes from our own libnd4j generator re-seeded per call, not from libnd4j's
 * {@code dropout} op, so backward multiplies by the very mask forward used.
 */
public final class Dropout implements Layer {
    private final double p;
    private final long seed;
    private final Random rng;
    private long calls;
    private boolean identity;
    private INDArray x;
    private INDArray mask;
    private INDArray y;
    private INDArray dx;

    public Dropout(double p, long seed) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.seed = seed;
        this.rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    /** Training forward calls so far; the next mask is drawn for this count. */
    public long calls() {
        return calls;
    }

    public void setCalls(long calls) {
        this.calls = calls;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        identity = !training || p == 0;
        if (identity) {
            return x;
        }
        if (!Ops.sameLayout(x, this.x)) {
            mask = Ops.reuse(mask, x.dataType(), x.shape());
            y = Ops.reuse(y, x.dataType(), x.shape());
            dx = Ops.reuse(dx, x.dataType(), x.shape());
        }
        this.x = x;
        if (p == 1) {
            mask.assign(0);
        } else {
            rng.setSeed(ParamStore.mix64(seed ^ ParamStore.mix64(calls)));
            Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, 1 - p), rng);
            mask.muli(1 / (1 - p));
        }
        calls++;
        return x.mul(mask, y);
    }

    @Override
    public INDArray backward(INDArray dy) {
        return identity ? dy : dy.mul(mask, dx);
    }
}
