package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code max(x, 0)} (Nair and Hinton 2010); gradient 0 at x = 0 as in PyTorch. */
public final class ReLU extends Activation {
    @Override
    void apply() {
        op("relu", 0.0);
    }

    @Override
    void gradient(INDArray dy) {
        opBackward("relu", dy, 0.0);
    }
}
