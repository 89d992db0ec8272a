package cnn.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A convolution and the batch norm right after it, which the network builder pairs so that evaluation folds the batch
 * norm into the convolution (Jacob et al., arXiv:1712.05877, sec. 3.2): one convolution with weights {@code W * s}
 * and bias {@code (b - running_mean) * s + beta}, {@code s = gamma / sqrt(running_var + eps)} per output channel,
 * saves the batch norm's passes over the activations. Training runs the two layers as they are. An eval-mode
 * backward (an input gradient of the evaluated network) runs the pair unfolded: the batch norm's backward needs the
 * convolution's own output, which the folded forward never made.
 */
final class ConvBatchNorm implements Layer {
    private final Conv2d conv;
    private final BatchNorm2d bn;
    private final LayerTimes.Timer convTime;
    private final LayerTimes.Timer bnTime;
    private final List<Param> params;
    private INDArray wFold;
    private INDArray bFold;
    private INDArray scale;
    private INDArray x;
    private INDArray y;
    private boolean folded; // the last forward was eval mode, folded

    /** The timers (from {@link LayerTimes}) take the two layers' own time; {@link LayerTimes.Timer#NONE} for none. */
    ConvBatchNorm(Conv2d conv, BatchNorm2d bn, LayerTimes.Timer convTime, LayerTimes.Timer bnTime) {
        this.conv = conv;
        this.bn = bn;
        this.convTime = convTime;
        this.bnTime = bnTime;
        List<Param> p = new ArrayList<>(conv.params());
        p.addAll(bn.params());
        this.params = List.copyOf(p);
    }

    /** Whether a convolution can take the batch norm after it: not grouped (depthwise is). */
    static boolean folds(Conv2d conv) {
        Convolution.Geometry g = conv.geometry();
        return g.groups() == 1 || g.depthwise();
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        this.x = x;
        folded = !training;
        long t0 = System.nanoTime();
        if (folded) {
            foldWeights();
            y = conv.forward(x, wFold, bFold, null);
            convTime.forward(System.nanoTime() - t0);
            return y;
        }
        INDArray c = conv.forward(x, true);
        long t1 = System.nanoTime();
        y = bn.forward(c, true);
        convTime.forward(t1 - t0);
        bnTime.forward(System.nanoTime() - t1);
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        return backward(dy, true);
    }

    @Override
    public INDArray backward(INDArray dy, boolean needInputGradient) {
        long t0 = System.nanoTime();
        if (folded) {
            INDArray w = conv.weight().value();
            INDArray b = conv.bias() == null ? null : conv.bias().value();
            bn.forward(conv.forward(x, w, b, Scratch.get(2, y.dataType(), y.shape())), false);
        }
        INDArray g = bn.backward(dy);
        long t1 = System.nanoTime();
        INDArray dx = conv.backward(g, needInputGradient);
        bnTime.backward(t1 - t0);
        convTime.backward(System.nanoTime() - t1);
        return dx;
    }

    private void foldWeights() {
        INDArray w = conv.weight().value();
        int out = conv.geometry().out();
        if (wFold == null) {
            wFold = w.ulike();
            bFold = Nd4j.createUninitialized(w.dataType(), out);
            scale = Nd4j.createUninitialized(w.dataType(), out);
        }
        bn.evalAffine(scale, bFold); // scale, shift
        Ops.broadcast("multiply", w, Ops.view(scale, 0, out, 1, 1, 1), wFold);
        if (conv.bias() != null) {
            bFold.addi(conv.bias().value().mul(scale));
        }
    }

    @Override
    public List<Param> params() {
        return params;
    }
}
