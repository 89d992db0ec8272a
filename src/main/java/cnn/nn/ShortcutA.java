package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Parameter-free projection shortcut, option A of He et al. (arXiv:1512.03385, CIFAR ResNets):
 * {@code x[:, ::s, ::s, :]} (channels-last) with zero channels padded, {@code p = (out - in)/2} before and
 * {@code out - in - p} after.
 */
public final class ShortcutA implements Layer {
    private final int in;
    private final int out;
    private final int stride;
    private final int before;
    private INDArray x;
    private INDArray y;
    private INDArray yInterior; // channels [before, before + in)
    private INDArray dx;
    private INDArray dxStrided;  // dx[:, ::s, ::s, :]
    private INDArray xOf;
    private INDArray xStrided;
    private INDArray dyOf;
    private INDArray dyInterior;

    public ShortcutA(int inChannels, int outChannels, int stride) {
        if (inChannels <= 0 || outChannels < inChannels || stride <= 0) {
            throw new IllegalArgumentException("ShortcutA: need 0 < in <= out and stride > 0, got in "
                    + inChannels + " out " + outChannels + " stride " + stride);
        }
        this.in = inChannels;
        this.out = outChannels;
        this.stride = stride;
        this.before = (outChannels - inChannels) / 2;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Ops.expect("ShortcutA", x, null, -1, -1, -1, in);
        if (!Ops.sameLayout(x, this.x)) {
            allocate(x);
        }
        this.x = x;
        if (x != xOf) {
            xOf = x;
            xStrided = subsample(x);
        }
        yInterior.assign(xStrided);
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (dy != dyOf) {
            dyOf = dy;
            dyInterior = Ops.slice(dy, 3, before, before + in);
        }
        dxStrided.assign(dyInterior); // the other cells of dx stay 0
        return dx;
    }

    private INDArray subsample(INDArray a) {
        return Ops.slice(Ops.slice(a, 1, 0, a.size(1), stride), 2, 0, a.size(2), stride);
    }

    private void allocate(INDArray x) {
        long h = (x.size(1) + stride - 1) / stride;
        long w = (x.size(2) + stride - 1) / stride;
        y = Nd4j.zeros(x.dataType(), x.size(0), h, w, out); // padding channels stay 0
        yInterior = Ops.slice(y, 3, before, before + in);
        dx = Nd4j.zeros(x.dataType(), x.shape());
        dxStrided = subsample(dx);
    }
}
