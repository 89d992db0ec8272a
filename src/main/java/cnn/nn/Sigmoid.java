package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Logistic sigmoid {@code s = 1/(1 + e^-x)}; backward {@code dy * s * (1 - s)} from the output, as
 * PyTorch computes it (libnd4j's {@code sigmoid_bp} recomputes s from x and was 7x slower).
 */
public final class Sigmoid extends Activation {
    @Override
    void apply() {
        op("sigmoid");
    }

    @Override
    void gradient(INDArray dy) {
        y.rsub(1.0, dx).muli(y).muli(dy);
    }
}
