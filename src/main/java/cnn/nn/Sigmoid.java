package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Logistic sigmoid {@code 1/(1 + e^-x)}; {@code sigmoid_bp} computes {@code dy * s(x) (1 - s(x))} from x. */
public final class Sigmoid extends Activation {
    @Override
    void apply() {
        op("sigmoid");
    }

    @Override
    void gradient(INDArray dy) {
        opBackward("sigmoid", dy);
    }
}
