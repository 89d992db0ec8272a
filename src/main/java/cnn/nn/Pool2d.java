package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The libnd4j calls shared by {@link MaxPool2d} and {@link AvgPool2d}, with PyTorch's output size
 * (see {@link Window}).
 *
 * <p>libnd4j has no ceil mode and only symmetric padding. When ceil mode makes the last window hang over
 * the bottom/right edge, the input is copied into a buffer whose border (top/left {@code p}, bottom/right
 * {@code p} plus the overhang) holds {@link #padValue()} and never changes, and the op runs unpadded on it.
 */
abstract class Pool2d implements Layer {
    private static final int NHWC = 1;
    final Window window;
    final boolean ceilMode;

    INDArray x;
    INDArray y;
    INDArray dx;
    private int[] args;
    private INDArray padded;         // null unless windows overhang
    private INDArray paddedInterior;
    private INDArray dPadded;
    private INDArray dPaddedInterior;

    Pool2d(int kh, int kw, int sh, int sw, int ph, int pw, boolean ceilMode) {
        this.window = new Window(kh, kw, sh, sw, ph, pw);
        if (2 * ph > kh || 2 * pw > kw) {
            throw new IllegalArgumentException("pool: padding " + ph + "x" + pw + " must be at most half the kernel "
                    + kh + "x" + kw + " (as in PyTorch)");
        }
        this.ceilMode = ceilMode;
    }

    /** libnd4j op name without {@code _bp}. */
    abstract String op();

    /** Value of padding cells: -inf for max, 0 for average. */
    abstract double padValue();

    /** The op's extra integer argument (avg: 1 = divide by kh*kw). */
    abstract int extraArg();

    /** Called after the buffers for a new input layout exist. */
    void allocated(long h, long w) {}

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Ops.expect(getClass().getSimpleName(), x, null, -1, -1, -1, -1);
        if (!Ops.sameLayout(x, this.x)) {
            allocate(x);
        }
        this.x = x;
        if (padded == null) {
            Ops.exec(op(), new INDArray[] {x}, new INDArray[] {y}, args);
        } else {
            paddedInterior.assign(x);
            Ops.exec(op(), new INDArray[] {padded}, new INDArray[] {y}, args);
        }
        return y;
    }

    /** dL/dx for upstream gradient {@code g} of the raw op's output. */
    INDArray opBackward(INDArray g) {
        dx = Ops.reuse(dx, x.dataType(), x.shape()); // here, not in forward: inference never needs it
        if (padded == null) {
            Ops.exec(op() + "_bp", new INDArray[] {x, g}, new INDArray[] {dx}, args);
        } else {
            Ops.exec(op() + "_bp", new INDArray[] {padded, g}, new INDArray[] {dPadded}, args);
            dx.assign(dPaddedInterior);
        }
        return dx;
    }

    private void allocate(INDArray x) {
        long n = x.size(0);
        long h = x.size(1);
        long w = x.size(2);
        long c = x.size(3);
        long oh = window.outH(h, ceilMode);
        long ow = window.outW(w, ceilMode);
        y = Ops.reuse(y, x.dataType(), n, oh, ow, c);
        int ph = window.ph();
        int pw = window.pw();
        long extraH = Math.max(0, (oh - 1) * window.sh() + window.kh() - (h + 2L * ph));
        long extraW = Math.max(0, (ow - 1) * window.sw() + window.kw() - (w + 2L * pw));
        if (extraH == 0 && extraW == 0) {
            padded = null;
            args = window.args(true, extraArg(), NHWC);
        } else {
            long[] shape = {n, h + 2L * ph + extraH, w + 2L * pw + extraW, c};
            padded = Nd4j.createUninitialized(x.dataType(), shape).assign(padValue());
            paddedInterior = interior(padded, h, w);
            dPadded = Nd4j.createUninitialized(x.dataType(), shape);
            dPaddedInterior = interior(dPadded, h, w);
            args = window.args(false, extraArg(), NHWC);
        }
        allocated(h, w);
    }

    private INDArray interior(INDArray p, long h, long w) {
        return Ops.slice(Ops.slice(p, 1, window.ph(), window.ph() + h), 2, window.pw(), window.pw() + w);
    }
}
