package cnn.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adaptive average pooling to a fixed {@code oh x ow}, PyTorch {@code nn.AdaptiveAvgPool2d} semantics:
 * bin {@code i} covers rows {@code [floor(i*H/oh), ceil((i+1)*H/oh))} (bins may overlap), likewise
 * columns; {@code (1, 1)} is global average pooling (Lin et al., Network in Network, arXiv:1312.4400).
 *
 * <p>Every bin is a mean over a rectangle, so on a channels-last sample {@code x[n]} ({@code [H*W, C]}) the layer
 * is one matrix product with the bin-averaging matrix {@code M = Mh (x) Mw} ({@code [oh*ow, H*W]}, built once per
 * input size): {@code y[n] = M x[n]}, {@code dx[n] = M^T dy[n]}.
 */
public final class AdaptiveAvgPool2d implements Layer {
    private final int oh;
    private final int ow;
    private INDArray x;
    private INDArray bins;
    private INDArray y;
    private INDArray[] ySamples;
    private INDArray dx;
    private INDArray[] dxSamples;
    private final Samples xSamples = new Samples();
    private final Samples dySamples = new Samples();

    public AdaptiveAvgPool2d(int oh, int ow) {
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be positive");
        }
        this.oh = oh;
        this.ow = ow;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Ops.expect("AdaptiveAvgPool2d", x, null, -1, -1, -1, -1);
        if (!Ops.sameLayout(x, this.x)) {
            allocate(x);
        }
        this.x = x;
        INDArray[] xs = xSamples.of(x);
        for (int i = 0; i < xs.length; i++) {
            Backend.of(x.dataType()).gemm(bins, xs[i], ySamples[i], false, false);
        }
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        if (!Ops.sameLayout(x, dx)) { // here, not in forward: inference never needs it
            dx = Ops.reuse(dx, x.dataType(), x.shape());
            dxSamples = Samples.split(dx);
        }
        INDArray[] dys = dySamples.of(dy);
        for (int i = 0; i < dys.length; i++) {
            Backend.of(dy.dataType()).gemm(bins, dys[i], dxSamples[i], true, false);
        }
        return dx;
    }

    private void allocate(INDArray x) {
        long n = x.size(0);
        int h = (int) x.size(1);
        int w = (int) x.size(2);
        long c = x.size(3);
        double[] m = new double[oh * ow * h * w];
        for (int i = 0; i < oh; i++) {
            int h0 = Math.floorDiv(i * h, oh);
            int h1 = -Math.floorDiv(-(i + 1) * h, oh);
            for (int j = 0; j < ow; j++) {
                int w0 = Math.floorDiv(j * w, ow);
                int w1 = -Math.floorDiv(-(j + 1) * w, ow);
                double v = 1.0 / ((h1 - h0) * (w1 - w0));
                for (int r = h0; r < h1; r++) {
                    for (int q = w0; q < w1; q++) {
                        m[((i * ow + j) * h + r) * w + q] = v;
                    }
                }
            }
        }
        bins = Nd4j.create(m, new long[] {(long) oh * ow, (long) h * w}, x.dataType());
        y = Ops.reuse(y, x.dataType(), n, oh, ow, c);
        ySamples = Samples.split(y);
    }

    /** Per-sample {@code [H*W, C]} views of the last array asked for, rebuilt only when a different array comes in. */
    static final class Samples {
        private INDArray of;
        private INDArray[] views;

        INDArray[] of(INDArray a) {
            if (a != of) {
                views = split(a);
                of = a;
            }
            return views;
        }

        /** Views of contiguous channels-last {@code a} as N matrices {@code [H*W, C]}. */
        static INDArray[] split(INDArray a) {
            long n = a.size(0);
            long hw = a.size(1) * a.size(2);
            long c = a.size(3);
            INDArray[] v = new INDArray[(int) n];
            for (int i = 0; i < n; i++) {
                v[i] = Ops.view(a, i * hw * c, hw, c);
            }
            return v;
        }
    }
}
