package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Hyperbolic tangent; backward is {@code dy * (1 - y^2)} from the output in one pass of the {@link Backend}, as
 * PyTorch computes it; libnd4j's {@code tanh_bp} recomputes tanh from x.
 */
public final class Tanh extends Activation {
    @Override
    void apply() {
        op("tanh");
    }

    @Override
    void gradient(INDArray dy) {
        Backend.of(y.dataType()).tanhBackward(y, dy, dx);
    }
}
