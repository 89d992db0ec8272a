package cnn.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Pow;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Local response normalisation across channels (Krizhevsky et al. 2012, AlexNet), PyTorch
 * {@code nn.LocalResponseNorm(size, alpha, beta, k)} convention:
 * {@code y_c = x_c * s_c^-beta}, {@code s_c = k + alpha/size * sum_{c' = c - floor(size/2)}^{c + floor((size-1)/2)} x_c'^2}
 * (channels outside [0, C) contribute 0). Deviation from the paper: alpha is divided by size, as in
 * PyTorch and Caffe.
 *
 * <p>Written with elementwise ops and channel-shifted views: libnd4j's {@code lrn} normalises over the
 * last axis and its {@code lrn_bp} is inexact (ND4J-NOTES 4b). Backward:
 * {@code dx_c = dy_c s_c^-beta - 2 alpha beta/size * x_c * sum_{c': c in window(c')} dy_c' x_c' s_c'^(-beta-1)}.
 */
public final class LocalResponseNorm implements Layer {
    private final int size;
    private final double alpha;
    private final double beta;
    private final double k;

    private INDArray x;
    private INDArray y;
    private INDArray dx;
    private INDArray squares; // x^2 forward, the transposed window sum backward
    private INDArray scale;   // s
    private INDArray power;   // s^-beta
    private INDArray tmp;
    private List<INDArray[]> forwardWindow;  // (dst view of scale, src view of squares) per nonzero offset
    private List<INDArray[]> backwardWindow; // (dst view of squares, src view of tmp) per nonzero offset

    public LocalResponseNorm(int size, double alpha, double beta, double k) {
        if (size <= 0) {
            throw new IllegalArgumentException("LocalResponseNorm: size must be positive");
        }
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Ops.expect("LocalResponseNorm", x, null, -1, -1, -1, -1);
        if (!Ops.sameLayout(x, this.x)) {
            allocate(x);
        }
        this.x = x;
        x.mul(x, squares);
        sumWindow(scale, squares, forwardWindow);
        scale.muli(alpha / size).addi(k);
        Nd4j.exec(new Pow(scale, power, -beta));
        x.mul(power, y);
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        dy.mul(x, tmp).muli(power).divi(scale);  // dy x s^(-beta-1)
        sumWindow(squares, tmp, backwardWindow);  // channels c' whose window contains c
        x.mul(squares, dx).muli(-2 * alpha * beta / size);
        dx.addi(dy.mul(power, tmp));
        return dx;
    }

    private static void sumWindow(INDArray dst, INDArray src, List<INDArray[]> window) {
        dst.assign(src);
        for (INDArray[] pair : window) {
            pair[0].addi(pair[1]);
        }
    }

    private void allocate(INDArray x) {
        y = Ops.reuse(y, x.dataType(), x.shape());
        dx = Ops.reuse(dx, x.dataType(), x.shape());
        squares = Ops.reuse(squares, x.dataType(), x.shape());
        scale = Ops.reuse(scale, x.dataType(), x.shape());
        power = Ops.reuse(power, x.dataType(), x.shape());
        tmp = Ops.reuse(tmp, x.dataType(), x.shape());
        forwardWindow = shifts(scale, squares, -(size / 2), (size - 1) / 2);
        backwardWindow = shifts(squares, tmp, -((size - 1) / 2), size / 2);
    }

    /** For each offset d in [lo, hi], d != 0: views dst[..., c] and src[..., c + d] over the valid c (channels last). */
    private static List<INDArray[]> shifts(INDArray dst, INDArray src, int lo, int hi) {
        long c = dst.size(3);
        List<INDArray[]> pairs = new ArrayList<>();
        for (int d = lo; d <= hi; d++) {
            if (d == 0 || Math.abs(d) >= c) {
                continue;
            }
            long from = Math.max(0, -d);
            long to = c - Math.max(0, d);
            pairs.add(new INDArray[] {
                Ops.slice(dst, 3, from, to), Ops.slice(src, 3, from + d, to + d)});
        }
        return pairs;
    }
}
