package cnn.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * 2-D cross-correlation with PyTorch {@code nn.Conv2d} semantics (LeCun et al. 1998; groups as in
 * Krizhevsky et al. 2012 and Xie et al., ResNeXt, arXiv:1611.05431; depthwise as in Howard et al.,
 * MobileNets, arXiv:1704.04861): zero padding, no dilation,
 * {@code H_out = floor((H + 2ph - kh)/sh) + 1}.
 *
 * <p>Parameters {@code path.weight} {@code [out, in/groups, kh, kw]} and {@code path.bias} {@code [out]}
 * use PyTorch's layout so state dicts load directly. libnd4j has no grouped convolution
 * (ND4J-NOTES 4b): groups run as one {@code conv2d} per group on channel views of the input, weight
 * and one output buffer; the depthwise case (groups == in) uses {@code depthwise_conv2d}, whose weight
 * {@code [mult, in, kh, kw]} is a permuted view of the PyTorch weight, so its gradient lands in the
 * PyTorch-layout gradient directly.
 */
public final class Conv2d implements Layer {
    private static final int W_OIHW = 1; // libnd4j weight format [out, in, kh, kw]

    private final int in;
    private final int out;
    private final Window window;
    private final int groups;
    private final Param weight;
    private final Param bias;
    private final int[] args;
    private final boolean depthwise;
    // grouped case: per-group views of weight, bias and their gradients
    private final INDArray[] wg;
    private final INDArray[] dwg;
    private final INDArray[] bg;
    private final INDArray[] dbg;
    // depthwise case: weight and gradient as libnd4j [mult, in, kh, kw] views
    private final INDArray wDepth;
    private final INDArray dwDepth;

    private INDArray x;
    private INDArray y;
    private INDArray dx;
    private final GroupViews xg;
    private final GroupViews dyg;
    private INDArray[] yg;
    private INDArray[] dxg;

    public Conv2d(ParamStore s, String path, int in, int out, int kh, int kw, int sh, int sw, int ph, int pw,
            int groups, boolean bias, Init init) {
        this.window = new Window(kh, kw, sh, sw, ph, pw);
        if (in <= 0 || out <= 0 || groups <= 0 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(path + ": in " + in + " and out " + out
                    + " must be positive and divisible by groups " + groups);
        }
        this.in = in;
        this.out = out;
        this.groups = groups;
        this.weight = s.param(ParamStore.join(path, "weight"), out, in / groups, kh, kw);
        this.bias = bias ? s.param(ParamStore.join(path, "bias"), out) : null;
        init.conv(s, weight, this.bias);
        this.args = window.args(true, 0, W_OIHW); // NCHW
        this.depthwise = groups > 1 && groups == in;
        if (depthwise) {
            int mult = out / in;
            wDepth = weight.value().reshape('c', in, mult, kh, kw).permute(1, 0, 2, 3);
            dwDepth = weight.grad().reshape('c', in, mult, kh, kw).permute(1, 0, 2, 3);
        } else {
            wDepth = null;
            dwDepth = null;
        }
        boolean grouped = groups > 1 && !depthwise;
        wg = grouped ? GroupViews.slices(weight.value(), 0, groups) : null;
        dwg = grouped ? GroupViews.slices(weight.grad(), 0, groups) : null;
        bg = grouped && bias ? GroupViews.slices(this.bias.value(), 0, groups) : null;
        dbg = grouped && bias ? GroupViews.slices(this.bias.grad(), 0, groups) : null;
        xg = new GroupViews(groups);
        dyg = new GroupViews(groups);
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Ops.expect("Conv2d", x, weight.value().dataType(), -1, in, -1, -1);
        if (!Ops.sameLayout(x, this.x)) {
            allocate(x);
        }
        this.x = x;
        INDArray b = bias == null ? null : bias.value();
        if (depthwise) {
            Ops.exec("depthwise_conv2d", new INDArray[] {x, wDepth, b}, new INDArray[] {y}, args);
        } else if (groups == 1) {
            Ops.exec("conv2d", new INDArray[] {x, weight.value(), b}, new INDArray[] {y}, args);
        } else {
            INDArray[] xs = xg.of(x);
            for (int g = 0; g < groups; g++) {
                Ops.exec("conv2d", new INDArray[] {xs[g], wg[g], bg == null ? null : bg[g]},
                        new INDArray[] {yg[g]}, args);
            }
        }
        return y;
    }

    @Override
    public INDArray backward(INDArray dy) {
        INDArray b = bias == null ? null : bias.value();
        INDArray db = bias == null ? null : bias.grad();
        if (depthwise) {
            Ops.exec("depthwise_conv2d_bp", new INDArray[] {x, wDepth, b, dy}, new INDArray[] {dx, dwDepth, db},
                    args);
        } else if (groups == 1) {
            Ops.exec("conv2d_bp", new INDArray[] {x, weight.value(), b, dy},
                    new INDArray[] {dx, weight.grad(), db}, args);
        } else {
            INDArray[] xs = xg.of(x);
            INDArray[] dys = dyg.of(dy);
            for (int g = 0; g < groups; g++) {
                Ops.exec("conv2d_bp", new INDArray[] {xs[g], wg[g], bg == null ? null : bg[g], dys[g]},
                        new INDArray[] {dxg[g], dwg[g], dbg == null ? null : dbg[g]}, args);
            }
        }
        return dx;
    }

    @Override
    public List<Param> params() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    private void allocate(INDArray x) {
        long n = x.size(0);
        y = Ops.reuse(y, x.dataType(), n, out, window.outH(x.size(2), false), window.outW(x.size(3), false));
        dx = Ops.reuse(dx, x.dataType(), x.shape());
        if (groups > 1 && !depthwise) {
            yg = GroupViews.slices(y, 1, groups);
            dxg = GroupViews.slices(dx, 1, groups);
        }
    }

    /** Channel-group views of the last array asked for, rebuilt only when a different array comes in. */
    static final class GroupViews {
        private final int groups;
        private INDArray of;
        private INDArray[] views;

        GroupViews(int groups) {
            this.groups = groups;
        }

        INDArray[] of(INDArray a) {
            if (a != of) {
                views = slices(a, 1, groups);
                of = a;
            }
            return views;
        }

        /** The {@code groups} equal slices of {@code a} along {@code axis}, as views. */
        static INDArray[] slices(INDArray a, int axis, int groups) {
            long c = a.size(axis) / groups;
            INDArray[] v = new INDArray[groups];
            for (int g = 0; g < groups; g++) {
                v[g] = Ops.slice(a, axis, g * c, (g + 1) * c);
            }
            return v;
        }
    }
}
