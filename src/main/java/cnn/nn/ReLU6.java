package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code min(max(x, 0), 6)} (MobileNetV2, Sandler et al., arXiv:1801.04381); gradient 1 on (0, 6). */
public final class ReLU6 extends Activation {
    @Override
    void apply() {
        op("relu6", 0.0);
    }

    @Override
    void gradient(INDArray dy) {
        opBackward("relu6", dy, 0.0);
    }
}
