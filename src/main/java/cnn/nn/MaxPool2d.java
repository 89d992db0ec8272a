package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling, PyTorch {@code nn.MaxPool2d(k, s, p, ceil_mode)} semantics: padding cells are -inf (never
 * win), the gradient goes to each window's maximum and accumulates over overlapping windows. Output size
 * and ceil mode as in {@link Pool2d}.
 */
public final class MaxPool2d extends Pool2d {
    public MaxPool2d(int kh, int kw, int sh, int sw, int ph, int pw, boolean ceilMode) {
        super(kh, kw, sh, sw, ph, pw, ceilMode);
    }

    @Override
    String op() {
        return "maxpool2d";
    }

    @Override
    double padValue() {
        return Double.NEGATIVE_INFINITY;
    }

    @Override
    int extraArg() {
        return 0;
    }

    @Override
    public INDArray backward(INDArray dy) {
        return opBackward(dy);
    }
}
