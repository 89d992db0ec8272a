package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code x * relu6(x + 3) / 6} (MobileNetV3, Howard et al., arXiv:1905.02244), PyTorch
 * {@code nn.Hardswish}. libnd4j has no hard swish; by the product rule
 * {@code dy/dx = (relu6(x + 3) + x * [0 < x + 3 < 6]) / 6}, i.e. 0 below -3, 1 above 3, x/3 + 1/2 between.
 */
public final class Hardswish extends Activation {
    private INDArray shifted; // x + 3
    private INDArray clipped; // relu6(x + 3)

    @Override
    void allocated() {
        shifted = Ops.reuse(shifted, x.dataType(), x.shape());
        clipped = Ops.reuse(clipped, x.dataType(), x.shape());
    }

    @Override
    void apply() {
        x.add(3.0, shifted);
        Ops.exec("relu6", new INDArray[] {shifted}, new INDArray[] {clipped}, new int[0], 0.0);
        x.mul(clipped, y).divi(6.0);
    }

    @Override
    void gradient(INDArray dy) {
        Ops.exec("relu6_bp", new INDArray[] {shifted, x}, new INDArray[] {dx}, new int[0], 0.0);
        dx.addi(clipped).muli(dy).divi(6.0);
    }
}
