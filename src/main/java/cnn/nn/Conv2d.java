package cnn.nn;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2-D cross-correlation with PyTorch {@code nn.Conv2d} semantics (LeCun et al. 1998; groups as in
 * Krizhevsky et al. 2012 and Xie et al., ResNeXt, arXiv:1611.05431; depthwise as in Howard et al.,
 * MobileNets, arXiv:1704.04861): zero padding, no dilation,
 * {@code H_out = floor((H + 2ph - kh)/sh) + 1}. Maps are channels-last {@code [N, H, W, C]} (see {@link Layer}).
 *
 * <p>Parameters {@code path.weight} {@code [out, in/groups, kh, kw]} and {@code path.bias} {@code [out]}
 * use PyTorch's layout so state dicts load directly; libnd4j reads that layout with NHWC maps as they are.
 * Float convolutions (but depthwise ones) run forward through oneDNN's own API ({@link OneDnn}), grouped ones as
 * one call, and backward too where {@link Path#preferred} says so; double ones (the gradient checks) through
 * libnd4j's ops. libnd4j has no grouped convolution (ND4J-NOTES 4b): there, groups run as one {@code conv2d} per
 * group, each on a contiguous copy of its channels (oneDNN gives wrong results for channel views of NHWC maps). The depthwise
 * case (groups == in) uses {@code depthwise_conv2d}, whose weight {@code [kh, kw, in, mult]} is a permuted view
 * of the PyTorch weight, so its gradient lands in the PyTorch-layout gradient directly.
 */
public final class Conv2d implements Layer {
    private static final int NHWC = 1;
    private static final int W_OIHW = 1; // libnd4j weight format [out, in, kh, kw]
    private static final int W_HWIO = 0; // [kh, kw, in, out]; for depthwise [kh, kw, in, mult]

    private final int in;
    private final int out;
    private final Window window;
    private final int groups;
    private final Param weight;
    private final Param bias;
    private final int[] args;
    private final int[] depthArgs;
    private final boolean depthwise;
    /**
     * A 1x1 convolution with stride 1 and no padding is one matrix product over the channels-last maps,
     * {@code y [N*H*W, out] = x [N*H*W, in] W^T}: no call into oneDNN, no reorder.
     */
    private final boolean pointwise;
    /** Float, not pointwise, not depthwise: forward and the {@link Path#ONEDNN} backward through {@link OneDnn}. */
    private final boolean viaOneDnn;
    /**
     * oneDNN primitives by input shape, the most recently used few: training alternates between the batch size and
     * the epoch's last, partial batch, and evaluation adds its own. An evicted set is freed at once (its native
     * memory is not the GC's to see).
     */
    private final java.util.LinkedHashMap<java.util.List<Long>, OneDnn> dnn = new java.util.LinkedHashMap<>(8, 0.75f,
            true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<java.util.List<Long>, OneDnn> eldest) {
            if (size() > ONEDNN_SHAPES) {
                if (eldest.getValue() == lastDnn) {
                    lastDnn = null;
                }
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };
    private static final int ONEDNN_SHAPES = 4;
    private OneDnn lastDnn; // the set the last call used, checked first
    private INDArray zeros; // the bias oneDNN adds when this layer has none
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
    private Path forced;
    private BatchNorm2d folded;
    private boolean foldedLast;
    private INDArray wFold;
    private INDArray bFold;
    private INDArray foldScale;
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
        this.args = window.args(true, NHWC, W_OIHW);
        this.depthArgs = window.args(true, NHWC, W_HWIO);
        this.depthwise = groups > 1 && groups == in;
        this.pointwise = groups == 1 && kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0;
        this.viaOneDnn = !pointwise && !depthwise && OneDnn.applies(weight.value().dataType());
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
        wg = grouped ? slices(weight.value(), 0, groups) : null;
        dwg = grouped ? slices(weight.grad(), 0, groups) : null;
        bg = grouped && bias ? slices(this.bias.value(), 0, groups) : null;
        dbg = grouped && bias ? slices(this.bias.grad(), 0, groups) : null;
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        Ops.expect("Conv2d", x, weight.value().dataType(), -1, -1, -1, in);
        if (!Ops.sameLayout(x, this.x)) {
            allocate(x);
        }
        this.x = x;
        foldedLast = !training && folded != null;
        if (foldedLast) {
            foldWeights();
            compute(x, wFold, bFold, y);
        } else {
            compute(x, weight.value(), bias == null ? null : bias.value(), y);
        }
        return y;
    }

    /** {@code out = conv(x, w) + b}. */
    private void compute(INDArray x, INDArray w, INDArray b, INDArray out) {
        if (depthwise) {
            Ops.exec("depthwise_conv2d", new INDArray[] {x, depthView(w), b}, new INDArray[] {out}, depthArgs);
        } else if (pointwise) {
            Ops.gemm(rows(x), w.reshape('c', this.out, in), rows(out), false, true);
            if (b != null) {
                Kernels.addBias(out, this.out, b);
            }
        } else if (viaOneDnn) {
            INDArray xc = Kernels.asContiguous(x);
            oneDnn(xc).forward(xc, w, b != null ? b : zeros(), out);
        } else if (groups == 1) {
            Ops.exec("conv2d", new INDArray[] {x, w, b}, new INDArray[] {out}, args);
        } else {
            INDArray[] xs = slices(x, 3, groups);
            INDArray[] os = slices(out, 3, groups);
            // never folded (see fold), so w and b are this layer's own weight and bias: their group views serve
            for (int g = 0; g < groups; g++) {
                INDArray xc = Scratch.get(0, x.dataType(), xs[g].shape());
                INDArray oc = Scratch.get(1, x.dataType(), os[g].shape());
                xc.assign(xs[g]);
                Ops.exec("conv2d", new INDArray[] {xc, wg[g], bg == null ? null : bg[g]}, new INDArray[] {oc}, args);
                os[g].assign(oc);
            }
        }
    }

    /**
     * Folds an eval-mode batch norm that directly follows into this convolution (the network builder asks): its
     * forward then computes {@code bn(conv(x))} as one convolution with weights {@code W * s} and bias
     * {@code (b - running_mean) * s + beta}, {@code s = gamma / sqrt(running_var + eps)} per output channel, and the
     * batch norm passes its input through. Saves the batch norm's passes over the activations at inference.
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
        compute(x, weight.value(), bias == null ? null : bias.value(), o);
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
        }
        if (depthwise) {
            Ops.exec("depthwise_conv2d_bp", new INDArray[] {x, wDepth, b, dy}, new INDArray[] {dx, dwDepth, db},
                    depthArgs);
            return dx;
        }
        int i = needInputGradient ? 0 : 1;
        if (chosen[i] == null) {
            chosen[i] = forced != null && forced.valid(this, needInputGradient) ? forced
                    : Path.preferred(this, needInputGradient);
        }
        Path path = chosen[i];
        if (groups == 1 || path == Path.ONEDNN) { // oneDNN takes the groups itself
            path.run(this, x, weight.value(), b, dy, needInputGradient ? dx : null, weight.grad(), db);
            return needInputGradient ? dx : null;
        }
        INDArray[] xs = slices(x, 3, groups);
        INDArray[] dys = slices(dy, 3, groups);
        INDArray[] dxs = slices(dx, 3, groups);
        for (int g = 0; g < groups; g++) {
            // contiguous copies in slots 4-6: the paths use slots 0-3 themselves
            INDArray xc = Scratch.get(4, x.dataType(), xs[g].shape()).assign(xs[g]);
            INDArray dyc = Scratch.get(5, x.dataType(), dys[g].shape()).assign(dys[g]);
            INDArray dxc = needInputGradient ? Scratch.get(6, x.dataType(), xs[g].shape()) : null;
            path.run(this, xc, wg[g], bg == null ? null : bg[g], dyc, dxc, dwg[g], dbg == null ? null : dbg[g]);
            if (needInputGradient) {
                dxs[g].assign(dxc);
            }
        }
        return needInputGradient ? dx : null;
    }

    /**
     * How backward gets dx and dW. {@code FUSED}: libnd4j's {@code conv2d_bp}, one oneDNN call for both; it always
     * computes dx, and oneDNN 2.3 picks Winograd backward passes for many 3x3 shapes that cost 4-10x the forward (a
     * 512-channel conv at 2x2 took 114 ms against 13 ms forward). {@code SPLIT}: dx from {@code deconv2d} (oneDNN's
     * direct kernel, about a forward pass), dW as a forward convolution of the input with the output gradient,
     * batch and channel axes swapped: {@code dW[o,c,i,j] = sum_n sum_yx x[n,y+i-p,x+j-p,c] dy[n,y,x,o]} is a
     * convolution over {@code x^T [C,N,H,W]} with kernel {@code dy^T [O,N,oH,oW]} (stride 1 only). Neither wins
     * everywhere; a fixed rule picks one ({@link #preferred}), so runs repeat bit for bit.
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
                Ops.exec("conv2d_bp", new INDArray[] {x, w, b, dy}, new INDArray[] {d, dw, db}, c.args);
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
                long ci = x.size(3);
                long co = dy.size(3);
                long oh = dy.size(1);
                long ow = dy.size(2);
                INDArray xt = Scratch.get(1, x.dataType(), ci, n, x.size(1), x.size(2));
                INDArray dyt = Scratch.get(2, x.dataType(), co, n, oh, ow);
                xt.assign(x.permute(3, 0, 1, 2));
                dyt.assign(dy.permute(3, 0, 1, 2));
                INDArray r = Scratch.get(3, x.dataType(), ci, co, k.kh(), k.kw());
                Ops.exec("conv2d", new INDArray[] {xt, dyt}, new INDArray[] {r},
                        new int[] {(int) oh, (int) ow, 1, 1, k.ph(), k.pw(), 1, 1, 0, 0 /* NCHW */, W_OIHW});
                dw.assign(r.permute(1, 0, 2, 3));
                if (db != null) {
                    Kernels.channelSums(dy, (int) co, db);
                }
            }
        },
        /**
         * oneDNN's backward-data (if dx is wanted) and backward-weights primitives, direct algorithm, made once per
         * input shape ({@link OneDnn}).
         */
        ONEDNN {
            @Override
            boolean valid(Conv2d c, boolean needDx) {
                return c.viaOneDnn;
            }

            @Override
            void run(Conv2d c, INDArray x, INDArray w, INDArray b, INDArray dy, INDArray dx, INDArray dw, INDArray db) {
                INDArray xc = Kernels.asContiguous(x);
                INDArray dyc = Kernels.asContiguous(dy);
                OneDnn d = c.oneDnn(xc);
                if (dx != null) {
                    d.backwardData(dyc, w, dx);
                }
                d.backwardWeights(xc, dyc, dw, db != null ? db : Scratch.get(0, dw.dataType(), c.out));
            }
        },
        /** A pointwise convolution as matrix products over the channels-last maps. */
        GEMM {
            @Override
            boolean valid(Conv2d c, boolean needDx) {
                return c.pointwise;
            }

            @Override
            void run(Conv2d c, INDArray x, INDArray w, INDArray b, INDArray dy, INDArray dx, INDArray dw, INDArray db) {
                INDArray dy2 = rows(dy);
                INDArray w2 = w.reshape('c', c.out, c.in);
                if (dx != null) {
                    Ops.gemm(dy2, w2, rows(dx), false, false);
                }
                Ops.gemm(dy2, rows(x), dw.reshape('c', c.out, c.in), true, false);
                if (db != null) {
                    Kernels.channelSums(dy, c.out, db);
                }
            }
        };

        abstract boolean valid(Conv2d c, boolean needDx);

        static Path preferred(Conv2d c, boolean needDx) {
            if (c.pointwise) {
                return GEMM;
            }
            String p = System.getProperty("cnn.conv.backward", "");
            if (!p.isEmpty()) {
                Path forced = valueOf(p.toUpperCase(java.util.Locale.ROOT));
                if (forced.valid(c, needDx)) {
                    return forced;
                }
            }
            if (ONEDNN.valid(c, needDx) && oneDnnWins(c, needDx)) {
                return ONEDNN;
            }
            if (!SPLIT.valid(c, needDx)) {
                return FUSED;
            }
            return !needDx || c.in / c.groups >= 512 ? SPLIT : FUSED;
        }

        /**
         * Where oneDNN's separate backward passes beat libnd4j's {@code conv2d_bp} (one core, ms, backward-data +
         * backward-weights against it): the weight gradient alone, in every shape measured (LeNet-5's conv1 0.50
         * against 0.8-1.0 by SPLIT; ResNet-50's 7x7/2 28 against 134); up to 16 input channels ([64, 14, 14, 6] 5x5
         * 1.03 against 1.77; [64, 32, 32, 16] 3x3 5.5 against 7.9); strided ([128, 16, 16, 32] 3x3/2 6.2 against 7.9,
         * ResNet-50's 1x1/2 downsamples 38 and 34 against 49 and 41; 5 of 6 shapes); maps of at most 2x2 ([64, 2, 2,
         * 512] 3x3 26 against 55). Elsewhere libnd4j's Winograd wins or ties: VGG-16's 3x3 layers at batch 64 ([64,
         * 32, 32, 64] 93 against 55, [64, 4, 4, 512] 88 against 56), ResNet-20's [128, 8, 8, 64] 10.3 against 8.6.
         * Grouped convolutions always: the other paths run one libnd4j call per group, on copies.
         */
        private static boolean oneDnnWins(Conv2d c, boolean needDx) {
            Window k = c.window;
            boolean smallMaps = c.y.size(1) * c.y.size(2) <= 4; // y: this input's output
            return !needDx || c.groups > 1 || c.in / c.groups <= 16 || k.sh() > 1 || k.sw() > 1 || smallMaps;
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
        y = Ops.reuse(y, x.dataType(), x.size(0), window.outH(x.size(1), false), window.outW(x.size(2), false), out);
    }

    /** The oneDNN primitives for input of x's shape, made on first use of that shape. */
    private OneDnn oneDnn(INDArray x) {
        if (lastDnn == null || !lastDnn.fits(x)) {
            lastDnn = dnn.computeIfAbsent(java.util.Arrays.stream(x.shape()).boxed().toList(),
                    k -> new OneDnn(x.shape(), out, groups, window));
        }
        return lastDnn;
    }

    private INDArray zeros() {
        if (zeros == null) {
            zeros = Nd4j.zeros(weight.value().dataType(), out);
        }
        return zeros;
    }

    /** {@code [N*H*W, C]} view of contiguous channels-last maps. */
    private static INDArray rows(INDArray a) {
        return a.reshape('c', a.length() / a.size(3), a.size(3));
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
