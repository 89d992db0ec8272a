package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code max(x, 0)} (Nair and Hinton 2010); gradient 0 at x = 0 as in PyTorch.
 *
 * <p>Both directions are one pass of the {@link Backend}; backward masks dy by the output. libnd4j's {@code relu_bp}
 * took 5.5 ms on 2M floats, one core, and {@code dy * sign(y)} as two of its ops 1.5 ms.
 */
public final class ReLU extends Activation {
    @Override
    void apply() {
        relu(x, y);
    }

    @Override
    void gradient(INDArray dy) {
        reluBackward(y, dy, dx);
    }

    static void relu(INDArray x, INDArray y) {
        Backend.of(x.dataType()).relu(x, y);
    }

    /** dx = dy where the ReLU output y is positive, else 0. */
    static void reluBackward(INDArray y, INDArray dy, INDArray dx) {
        Backend.of(y.dataType()).reluBackward(y, dy, dx);
    }

    /** out = 1 where {@code 0 < v < hi}, else 0, for v already clipped to [0, hi]: sign(v (hi - v)). */
    static void inside(INDArray v, double hi, INDArray out) {
        v.rsub(hi, out).muli(v);
        Nd4j.exec(new Sign(out, out));
    }
}
