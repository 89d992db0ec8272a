package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Hyperbolic tangent; {@code tanh_bp} computes {@code dy * (1 - tanh(x)^2)} from x. */
public final class Tanh extends Activation {
    @Override
    void apply() {
        op("tanh");
    }

    @Override
    void gradient(INDArray dy) {
        Ops.exec("tanh_bp", new INDArray[] {x, dy}, new INDArray[] {dx}, Ops.NO_INTS);
    }
}
