package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUDerivative;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code x > 0 ? x : slope * x} (Maas et al. 2013), PyTorch {@code nn.LeakyReLU(negative_slope)}.
 * Uses ND4J's scalar ops, which keep the slope in the array's precision; the custom {@code lrelu} op rounds
 * it to float (2.5e-10 relative error in float64).
 */
public final class LeakyReLU extends Activation {
    private final double slope;

    public LeakyReLU(double slope) {
        this.slope = slope;
    }

    @Override
    void apply() {
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.LeakyReLU(x, y, slope));
    }

    @Override
    void gradient(INDArray dy) {
        Nd4j.exec(new LeakyReLUDerivative(x, dx, slope));
        dx.muli(dy);
    }
}
