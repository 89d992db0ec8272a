package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Average pooling, PyTorch {@code nn.AvgPool2d(k, s, p, ceil_mode, count_include_pad)} semantics. The
 * divisor of the window starting at {@code (i*s - p)} is its size clipped to {@code [-p, H + p)} when
 * {@code count_include_pad}, else the number of real cells in it (PyTorch's CPU kernel); in ceil mode a
 * window hanging over the bottom/right edge is thus divided by less than {@code kh*kw} even with
 * {@code count_include_pad}.
 *
 * <p>libnd4j always divides by {@code kh*kw} here ({@code avgpool2d} mode 1); windows whose PyTorch
 * divisor differs are rescaled by a per-position factor {@code kh*kw/divisor}, forward and backward.
 */
public final class AvgPool2d extends Pool2d {
    private final boolean countIncludePad;
    private INDArray factor; // [1, oh, ow, 1], null if every divisor is kh*kw
    private INDArray scaledDy;

    public AvgPool2d(int kh, int kw, int sh, int sw, int ph, int pw, boolean ceilMode, boolean countIncludePad) {
        super(kh, kw, sh, sw, ph, pw, ceilMode);
        this.countIncludePad = countIncludePad;
    }

    @Override
    String op() {
        return "avgpool2d";
    }

    @Override
    double padValue() {
        return 0;
    }

    @Override
    int extraArg() {
        return 1;
    }

    @Override
    void allocated(long h, long w) {
        Window k = window;
        int oh = (int) y.size(1);
        int ow = (int) y.size(2);
        double[] f = new double[oh * ow];
        boolean uniform = true;
        for (int i = 0; i < oh; i++) {
            long rows = divisorSpan(i, h, k.kh(), k.sh(), k.ph());
            for (int j = 0; j < ow; j++) {
                f[i * ow + j] = (double) k.kh() * k.kw() / (rows * divisorSpan(j, w, k.kw(), k.sw(), k.pw()));
                uniform &= f[i * ow + j] == 1.0;
            }
        }
        factor = uniform ? null : Nd4j.create(f, new long[] {1, oh, ow, 1}, y.dataType());
        scaledDy = uniform ? null : Ops.reuse(scaledDy, y.dataType(), y.shape());
    }

    /** Cells of window {@code i} (along one axis) that count towards its divisor. */
    private long divisorSpan(long i, long in, int k, int s, int p) {
        long start = i * s - p;
        long end = Math.min(start + k, in + p);
        if (!countIncludePad) {
            start = Math.max(start, 0);
            end = Math.min(end, in);
        }
        return end - start;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        INDArray y = super.forward(x, training);
        if (factor != null) {
            Ops.broadcast("multiply", y, factor, y);
        }
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (factor == null) {
            return opBackward(dy);
        }
        Ops.broadcast("multiply", dy, factor, scaledDy);
        return opBackward(scaledDy);
    }
}
