package cnn.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
 * {@code [kh, kw, in, mult]} is a permuted view of the PyTorch weight, so its gradient lands in the
 * PyTorch-layout gradient directly.
 */
public final class Conv2d implements Layer {
    private static final int W_OIHW = 1; // libnd4j weight format [out, in, kh, kw]
    private static final int W_HWIO = 0; // [kh, kw, in, out]; for depthwise [kh, kw, in, mult]
    private static final int[] NHW = {0, 2, 3};
    /**
     * A 1x1 convolution with stride 1 is a matrix product per sample, {@code y[n] = W x[n]} over {@code [C, H*W]}.
     * From 14x14 maps up, one {@code gemm} per sample beats oneDNN's conv, which reorders NCHW to its blocked layout
     * and back on every call: measured on one core, forward / backward ms, conv2d vs per-sample gemm: 144 to 24
     * channels at 32x32, N 64: 41 / 67 vs 10 / 23; 256 to 64 at 56x56, N 8: 19 / 40 vs 8 / 22; at 8x8 and below
     * the many small products lose (96 to 576 at 8x8, N 64: bwd 13 vs 15).
     */
    static final long POINTWISE_GEMM_MIN_PIXELS = 196;

    private final int in;
    private final int out;
    private final Window window;
    private final int groups;
    private final Param weight;
    private final Param bias;
    private final int[] args;
    private final int[] depthArgs;
    private final boolean depthwise;
    // grouped case: per-group views of weight, bias and their gradients
    private final INDArray[] wg;
    private final INDArray[] dwg;
    private final INDArray[] bg;
    private final INDArray[] dbg;
    // depthwise case: weight and gradient as libnd4j [kh, kw, in, mult] views
    private final INDArray wDepth;
    private final INDArray dwDepth;

    private INDArray x;
    private INDArray y;
    private INDArray dx;
    private final GroupViews xg;
    private final GroupViews dyg;
    private INDArray[] yg;
    private INDArray[] dxg;
    private Path forced;
    private BatchNorm2d folded;
    private boolean foldedLast;
    private INDArray wFold;
    private INDArray bFold;
    private INDArray foldScale;
    private boolean pointwiseGemm;
    private final SampleViews xSamples = new SampleViews();
    private final SampleViews dySamples = new SampleViews();
    private INDArray[] ySamples;
    private INDArray[] dxSamples;
    private final Path[] chosen = new Path[2]; // with and without the input gradient, for the current input layout

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
        this.depthArgs = window.args(true, 0, W_HWIO);
        this.depthwise = groups > 1 && groups == in;
        if (depthwise) {
            // oneDNN runs depthwise_conv2d(_bp) only for weights [kh, kw, in, 1] (its platform check reads the
            // multiplier from dimension 3); with [mult, in, kh, kw] libnd4j's own loops ran, 20-30x slower.
            int mult = out / in;
            wDepth = weight.value().reshape('c', in, mult, kh, kw).permute(2, 3, 0, 1);
            dwDepth = weight.grad().reshape('c', in, mult, kh, kw).permute(2, 3, 0, 1);
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
        foldedLast = !training && folded != null;
        if (foldedLast) {
            foldWeights();
            compute(x, wFold, bFold, y, ySamples);
        } else {
            compute(x, weight.value(), bias == null ? null : bias.value(), y, ySamples);
        }
        return y;
    }

    /** {@code out = conv(x, w) + b}; {@code outSamples} are out's per-sample views on the 1x1 gemm path. */
    private void compute(INDArray x, INDArray w, INDArray b, INDArray out, INDArray[] outSamples) {
        if (depthwise) {
            Ops.exec("depthwise_conv2d", new INDArray[] {x, depthView(w), b}, new INDArray[] {out}, depthArgs);
        } else if (pointwiseGemm) {
            INDArray[] xs = xSamples.of(x);
            INDArray w2 = w.reshape('c', this.out, in);
            for (int i = 0; i < xs.length; i++) {
                Nd4j.gemm(w2, xs[i], outSamples[i], false, false, 1.0, 0.0);
            }
            if (b != null) {
                INDArray t = Scratch.get(0, out.dataType(), out.shape());
                t.assign(out);
                Ops.broadcast("add", t, Ops.view(b, 0, 1, this.out, 1, 1), out);
            }
        } else if (groups == 1) {
            Ops.exec("conv2d", new INDArray[] {x, w, b}, new INDArray[] {out}, args);
        } else {
            INDArray[] xs = xg.of(x);
            INDArray[] os = out == y ? yg : GroupViews.slices(out, 1, groups);
            for (int g = 0; g < groups; g++) {
                Ops.exec("conv2d", new INDArray[] {xs[g], wg[g], bg == null ? null : bg[g]}, new INDArray[] {os[g]},
                        args);
            }
        }
    }

    /**
     * Folds an eval-mode batch norm that directly follows into this convolution (the network builder asks): its
     * forward then computes {@code bn(conv(x))} as one convolution with weights {@code W * s} and bias
     * {@code (b - running_mean) * s + beta}, {@code s = gamma / sqrt(running_var + eps)} per output channel, and the
     * batch norm passes its input through. Saves the batch norm's three passes over the activations at inference.
     * Grouped (not depthwise) convolutions are left alone.
     */
    void fold(BatchNorm2d bn) {
        if (groups == 1 || depthwise) {
            folded = bn;
            bn.foldedInto(this);
        }
    }

    /** Whether the last forward applied the folded batch norm (eval mode). */
    boolean foldedLast() {
        return foldedLast;
    }

    /** This convolution's output without the folded batch norm, for that batch norm's eval-mode backward. */
    INDArray unfoldedOutput() {
        INDArray o = Scratch.get(2, y.dataType(), y.shape());
        compute(x, weight.value(), bias == null ? null : bias.value(), o, pointwiseGemm ? SampleViews.split(o) : null);
        return o;
    }

    private void foldWeights() {
        if (wFold == null) {
            wFold = weight.value().ulike();
            bFold = Nd4j.createUninitialized(weight.value().dataType(), out);
            foldScale = Nd4j.createUninitialized(weight.value().dataType(), out);
        }
        folded.evalAffine(foldScale, bFold); // scale, shift
        Ops.broadcast("multiply", weight.value(), Ops.view(foldScale, 0, out, 1, 1, 1), wFold);
        if (bias != null) {
            bFold.addi(bias.value().mul(foldScale));
        }
    }

    /** The libnd4j {@code [kh, kw, in, mult]} view of a PyTorch-layout depthwise weight. */
    private INDArray depthView(INDArray w) {
        return w == weight.value() ? wDepth : w.reshape('c', in, out / in, window.kh(), window.kw()).permute(2, 3, 0, 1);
    }

    @Override
    public INDArray backward(INDArray dy) {
        return backward(dy, true);
    }

    @Override
    public INDArray backward(INDArray dy, boolean needInputGradient) {
        INDArray b = bias == null ? null : bias.value();
        INDArray db = bias == null ? null : bias.grad();
        if (!Ops.sameLayout(x, dx)) { // here, not in forward: inference never needs it
            dx = Ops.reuse(dx, x.dataType(), x.shape());
            dxSamples = pointwiseGemm ? SampleViews.split(dx) : null;
            dxg = groups > 1 && !depthwise ? GroupViews.slices(dx, 1, groups) : null;
        }
        if (depthwise) {
            Ops.exec("depthwise_conv2d_bp", new INDArray[] {x, wDepth, b, dy}, new INDArray[] {dx, dwDepth, db},
                    depthArgs);
            return dx;
        }
        INDArray[] xs = groups == 1 ? new INDArray[] {x} : xg.of(x);
        INDArray[] dys = groups == 1 ? new INDArray[] {dy} : dyg.of(dy);
        int i = needInputGradient ? 0 : 1;
        if (chosen[i] == null) {
            chosen[i] = forced != null && forced.valid(this, needInputGradient) ? forced
                    : Path.preferred(this, needInputGradient);
        }
        Path path = chosen[i];
        for (int g = 0; g < groups; g++) {
            path.run(this, xs[g], groups == 1 ? weight.value() : wg[g], groups == 1 ? b : bg == null ? null : bg[g],
                    dys[g], needInputGradient ? (groups == 1 ? dx : dxg[g]) : null, groups == 1 ? weight.grad() : dwg[g],
                    groups == 1 ? db : dbg == null ? null : dbg[g]);
        }
        return needInputGradient ? dx : null;
    }

    /**
     * How backward gets dx and dW. {@code FUSED}: libnd4j's {@code conv2d_bp}, one oneDNN call for both; it always
     * computes dx, and oneDNN 2.3 picks Winograd backward passes for many 3x3 shapes that cost 4-10x the forward (a
     * 512-channel conv at 2x2 took 114 ms against 13 ms forward). {@code SPLIT}: dx from {@code deconv2d} (oneDNN's
     * direct kernel, about a forward pass), dW as a forward convolution of the input with the output gradient,
     * batch and channel axes swapped: {@code dW[o,c,i,j] = sum_n sum_yx x[n,c,y+i-p,x+j-p] dy[n,o,y,x]} is a
     * convolution over {@code x^T [C,N,H,W]} with kernel {@code dy^T [O,N,oH,oW]} (stride 1 only). Neither
     * wins everywhere, so the first backward of each input shape times both and keeps the faster.
     */
    enum Path {
        FUSED {
            @Override
            boolean valid(Conv2d c, boolean needDx) {
                return true;
            }

            @Override
            void run(Conv2d c, INDArray x, INDArray w, INDArray b, INDArray dy, INDArray dx, INDArray dw, INDArray db) {
                INDArray d = dx != null ? dx : Scratch.get(0, x.dataType(), x.shape());
                Ops.exec("conv2d_bp", new INDArray[] {x, w, b, dy},
                        new INDArray[] {d, dw, db}, c.args);
            }
        },
        SPLIT {
            @Override
            boolean valid(Conv2d c, boolean needDx) {
                // Strided: dW would need a dilated convolution, and libnd4j sizes oneDNN's right padding for dilated
                // kernels wrongly ("could not create a descriptor for a dilated convolution").
                return c.window.sh() == 1 && c.window.sw() == 1;
            }

            @Override
            void run(Conv2d c, INDArray x, INDArray w, INDArray b, INDArray dy, INDArray dx, INDArray dw, INDArray db) {
                if (dx != null) {
                    Ops.exec("deconv2d", new INDArray[] {dy, w}, new INDArray[] {dx}, c.args);
                }
                Window k = c.window;
                long n = x.size(0);
                long ci = x.size(1);
                long co = dy.size(1);
                long oh = dy.size(2);
                long ow = dy.size(3);
                INDArray xt = Scratch.get(1, x.dataType(), ci, n, x.size(2), x.size(3));
                INDArray dyt = Scratch.get(2, x.dataType(), co, n, oh, ow);
                xt.assign(x.permute(1, 0, 2, 3));
                dyt.assign(dy.permute(1, 0, 2, 3));
                INDArray r = Scratch.get(3, x.dataType(), ci, co, k.kh(), k.kw());
                Ops.exec("conv2d", new INDArray[] {xt, dyt}, new INDArray[] {r},
                        new int[] {(int) oh, (int) ow, 1, 1, k.ph(), k.pw(), 1, 1, 0, 0, W_OIHW});
                dw.assign(r.permute(1, 0, 2, 3));
                if (db != null) {
                    Ops.exec("reduce_sum", new INDArray[] {dy}, new INDArray[] {db}, NHW);
                }
            }
        },
        /** A 1x1 stride-1 convolution as per-sample matrix products (see {@link #POINTWISE_GEMM_MIN_PIXELS}). */
        GEMM {
            @Override
            boolean valid(Conv2d c, boolean needDx) {
                return c.pointwiseGemm;
            }

            @Override
            void run(Conv2d c, INDArray x, INDArray w, INDArray b, INDArray dy, INDArray dx, INDArray dw, INDArray db) {
                INDArray[] xs = c.xSamples.of(x);
                INDArray[] dys = c.dySamples.of(dy);
                INDArray w2 = w.reshape('c', c.out, c.in);
                INDArray dw2 = dw.reshape('c', c.out, c.in);
                for (int i = 0; i < xs.length; i++) {
                    if (dx != null) {
                        Nd4j.gemm(w2, dys[i], c.dxSamples[i], true, false, 1.0, 0.0);
                    }
                    Nd4j.gemm(dys[i], xs[i], dw2, false, true, 1.0, i == 0 ? 0.0 : 1.0);
                }
                if (db != null) {
                    Ops.channelSums(dy, Scratch.get(0, dy.dataType(), dy.size(0) * c.out), db);
                }
            }
        };

        abstract boolean valid(Conv2d c, boolean needDx);

        static Path preferred(Conv2d c, boolean needDx) {
            if (c.pointwiseGemm) {
                return GEMM;
            }
            if (!SPLIT.valid(c, needDx)) {
                return FUSED;
            }
            String p = System.getProperty("cnn.conv.backward", "");
            if (!p.isEmpty()) {
                return valueOf(p.toUpperCase(java.util.Locale.ROOT));
            }
            return !needDx || c.in / c.groups >= 512 ? SPLIT : FUSED;
        }

        abstract void run(Conv2d c, INDArray x, INDArray w, INDArray b, INDArray dy, INDArray dx, INDArray dw,
                INDArray db);
    }

    /** Backward forced to one path where it applies (tests), or null for {@link Path#preferred}. */
    Conv2d forceBackward(Path path) {
        this.forced = path;
        chosen[0] = null;
        chosen[1] = null;
        return this;
    }

    @Override
    public List<Param> params() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    private void allocate(INDArray x) {
        chosen[0] = null;
        chosen[1] = null;
        long n = x.size(0);
        y = Ops.reuse(y, x.dataType(), n, out, window.outH(x.size(2), false), window.outW(x.size(3), false));
        pointwiseGemm = groups == 1 && window.kh() == 1 && window.kw() == 1 && window.sh() == 1 && window.sw() == 1
                && window.ph() == 0 && window.pw() == 0 && x.size(2) * x.size(3) >= POINTWISE_GEMM_MIN_PIXELS;
        if (pointwiseGemm) {
            ySamples = SampleViews.split(y);
        }
        if (groups > 1 && !depthwise) {
            yg = GroupViews.slices(y, 1, groups);
        }
    }

    /** {@code [out, in]} view of the 1x1 weight. */
    private INDArray w2d() {
        return weight.value().reshape('c', out, in);
    }

    /** Per-sample {@code [C, H*W]} views of the last array asked for, rebuilt only when a different array comes in. */
    static final class SampleViews {
        private INDArray of;
        private INDArray[] views;

        INDArray[] of(INDArray a) {
            if (a != of) {
                views = split(a);
                of = a;
            }
            return views;
        }

        /** Views of contiguous NCHW {@code a} as N matrices {@code [C, H*W]}. */
        static INDArray[] split(INDArray a) {
            long n = a.size(0);
            long c = a.size(1);
            long hw = a.size(2) * a.size(3);
            INDArray[] v = new INDArray[(int) n];
            for (int i = 0; i < n; i++) {
                v[i] = Ops.view(a, i * c * hw, c, hw);
            }
            return v;
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
