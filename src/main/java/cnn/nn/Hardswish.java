package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code x * relu6(x + 3) / 6} (MobileNetV3, Howard et al., arXiv:1905.02244), PyTorch
 * {@code nn.Hardswish}. libnd4j has no hard swish; by the product rule
 * {@code dy/dx = (relu6(x + 3) + x * [-3 < x < 3]) / 6}, i.e. 0 below -3, 1 above 3, x/3 + 1/2 between.
 */
public final class Hardswish extends Activation {
    private INDArray clipped; // relu6(x + 3)

    @Override
    void allocated() {
        clipped = Ops.reuse(clipped, x.dataType(), x.shape());
    }

    @Override
    void apply() {
        x.add(3.0, clipped);
        Ops.exec("relu6", new INDArray[] {clipped}, new INDArray[] {clipped}, Ops.NO_INTS, 0.0);
        x.mul(clipped, y).divi(6.0);
    }

    @Override
    void gradient(INDArray dy) {
        ReLU.inside(clipped, 6, dx);
        dx.muli(x).addi(clipped).muli(dy).divi(6.0);
    }
}
