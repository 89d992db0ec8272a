package cnn.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float32 convolution on the CPU: depthwise through libnd4j's {@code depthwise_conv2d} (oneDNN's {@code jit_dw}
 * inside), pointwise as one matrix product over the channels-last maps, every other one forward through oneDNN's own
 * API ({@link OneDnn}; grouped ones as one call) and backward by the {@link Path} a fixed, measured rule picks.
 * Without oneDNN ({@code cnn.onednn=false}, or a platform without the preset) libnd4j's {@code conv2d} ops serve, one
 * call per group on contiguous copies of the group's channels (libnd4j has no grouped convolution, ND4J-NOTES 4b, and
 * oneDNN gives wrong results for channel views of NHWC maps).
 *
 * <p>The depthwise weight {@code [kh, kw, in, mult]} libnd4j takes is a permuted view of the PyTorch weight, so its
 * gradient lands in the PyTorch-layout gradient directly.
 */
final class CpuConvolution implements Convolution {
    private static final int NHWC = 1;
    private static final int W_OIHW = 1; // libnd4j weight format [out, in, kh, kw]
    private static final int W_HWIO = 0; // [kh, kw, in, out]; for depthwise [kh, kw, in, mult]
    /**
     * oneDNN primitives are kept for this many input shapes, the most recently used: training alternates between the
     * batch size and the epoch's last, partial batch, and evaluation adds its own. An evicted set is freed at once (its
     * native memory is not the GC's to see).
     */
    private static final int ONEDNN_SHAPES = 4;

    private final int in;
    private final int out;
    private final int groups;
    private final Window window;
    private final int[] args;
    private final int[] depthArgs;
    private final boolean depthwise;
    private final boolean pointwise;
    /** Not pointwise, not depthwise, oneDNN loaded: forward and the {@link Path#ONEDNN} backward through {@link OneDnn}. */
    private final boolean viaOneDnn;
    private final Map<List<Long>, OneDnn> dnn = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Long>, OneDnn> eldest) {
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
    private OneDnn lastDnn; // the set the last call used, checked first
    private INDArray zeros; // the bias oneDNN adds when there is none
    private Path forced;
    private long[] shape; // the input shape the chosen paths are for
    private final Path[] chosen = new Path[2]; // with and without the input gradient
    // depthwise: the libnd4j [kh, kw, in, mult] views of the last weight and weight gradient seen
    private INDArray depthOf;
    private INDArray depthView;
    private INDArray depthGradOf;
    private INDArray depthGradView;

    CpuConvolution(Geometry g) {
        this.in = g.in();
        this.out = g.out();
        this.groups = g.groups();
        this.window = g.window();
        this.args = window.args(true, NHWC, W_OIHW);
        this.depthArgs = window.args(true, NHWC, W_HWIO);
        this.depthwise = g.depthwise();
        this.pointwise = g.pointwise();
        this.viaOneDnn = !pointwise && !depthwise && OneDnn.AVAILABLE;
    }

    @Override
    public void forward(INDArray x, INDArray w, INDArray b, INDArray y) {
        floats(x);
        if (depthwise) {
            Ops.exec("depthwise_conv2d", new INDArray[] {x, depthwise(w), b}, new INDArray[] {y}, depthArgs);
        } else if (pointwise) {
            Ops.gemm(rows(x), w.reshape('c', out, in), rows(y), false, true);
            if (b != null) {
                CpuBackend.INSTANCE.addBias(y, out, b);
            }
        } else if (viaOneDnn) {
            INDArray xc = Ops.asContiguous(x);
            oneDnn(xc).forward(xc, w, b != null ? b : zeros(), y);
        } else if (groups == 1) {
            Ops.exec("conv2d", new INDArray[] {x, w, b}, new INDArray[] {y}, args);
        } else {
            INDArray[] xs = slices(x, 3, groups);
            INDArray[] ys = slices(y, 3, groups);
            INDArray[] ws = slices(w, 0, groups);
            INDArray[] bs = b == null ? null : slices(b, 0, groups);
            for (int g = 0; g < groups; g++) {
                INDArray xc = Scratch.get(0, x.dataType(), xs[g].shape());
                INDArray yc = Scratch.get(1, x.dataType(), ys[g].shape());
                xc.assign(xs[g]);
                Ops.exec("conv2d", new INDArray[] {xc, ws[g], bs == null ? null : bs[g]}, new INDArray[] {yc}, args);
                ys[g].assign(yc);
            }
        }
    }

    @Override
    public void backward(INDArray x, INDArray w, INDArray b, INDArray dy, INDArray dx, INDArray dw, INDArray db) {
        floats(x);
        boolean needDx = dx != null;
        if (depthwise) {
            INDArray d = needDx ? dx : Scratch.get(0, x.dataType(), x.shape());
            Ops.exec("depthwise_conv2d_bp", new INDArray[] {x, depthwise(w), b, dy},
                    new INDArray[] {d, depthwiseGrad(dw), db}, depthArgs);
            return;
        }
        if (!Arrays.equals(x.shape(), shape)) {
            shape = x.shape().clone();
            chosen[0] = null;
            chosen[1] = null;
        }
        int i = needDx ? 0 : 1;
        if (chosen[i] == null) {
            chosen[i] = forced != null && forced.valid(this, needDx) ? forced : Path.preferred(this, x, needDx);
        }
        Path path = chosen[i];
        if (groups == 1 || path == Path.ONEDNN) { // oneDNN takes the groups itself
            path.run(this, x, w, b, dy, dx, dw, db);
            return;
        }
        INDArray[] xs = slices(x, 3, groups);
        INDArray[] dys = slices(dy, 3, groups);
        INDArray[] dxs = needDx ? slices(dx, 3, groups) : null;
        INDArray[] ws = slices(w, 0, groups);
        INDArray[] dws = slices(dw, 0, groups);
        INDArray[] bs = b == null ? null : slices(b, 0, groups);
        INDArray[] dbs = db == null ? null : slices(db, 0, groups);
        for (int g = 0; g < groups; g++) {
            // contiguous copies in slots 4-6: the paths use slots 0-3 themselves
            INDArray xc = Scratch.get(4, x.dataType(), xs[g].shape()).assign(xs[g]);
            INDArray dyc = Scratch.get(5, x.dataType(), dys[g].shape()).assign(dys[g]);
            INDArray dxc = needDx ? Scratch.get(6, x.dataType(), xs[g].shape()) : null;
            path.run(this, xc, ws[g], bs == null ? null : bs[g], dyc, dxc, dws[g], dbs == null ? null : dbs[g]);
            if (needDx) {
                dxs[g].assign(dxc);
            }
        }
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
            boolean valid(CpuConvolution c, boolean needDx) {
                return true;
            }

            @Override
            void run(CpuConvolution c, INDArray x, INDArray w, INDArray b, INDArray dy, INDArray dx, INDArray dw,
                    INDArray db) {
                INDArray d = dx != null ? dx : Scratch.get(0, x.dataType(), x.shape());
                Ops.exec("conv2d_bp", new INDArray[] {x, w, b, dy}, new INDArray[] {d, dw, db}, c.args);
            }
        },
        SPLIT {
            @Override
            boolean valid(CpuConvolution c, boolean needDx) {
                // Strided: dW would need a dilated convolution, and libnd4j sizes oneDNN's right padding for dilated
                // kernels wrongly ("could not create a descriptor for a dilated convolution").
                return c.window.sh() == 1 && c.window.sw() == 1;
            }

            @Override
            void run(CpuConvolution c, INDArray x, INDArray w, INDArray b, INDArray dy, INDArray dx, INDArray dw,
                    INDArray db) {
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
                    CpuBackend.INSTANCE.channelSums(dy, (int) co, db);
                }
            }
        },
        /**
         * oneDNN's backward-data (if dx is wanted) and backward-weights primitives, direct algorithm, made once per
         * input shape ({@link OneDnn}).
         */
        ONEDNN {
            @Override
            boolean valid(CpuConvolution c, boolean needDx) {
                return c.viaOneDnn;
            }

            @Override
            void run(CpuConvolution c, INDArray x, INDArray w, INDArray b, INDArray dy, INDArray dx, INDArray dw,
                    INDArray db) {
                INDArray xc = Ops.asContiguous(x);
                INDArray dyc = Ops.asContiguous(dy);
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
            boolean valid(CpuConvolution c, boolean needDx) {
                return c.pointwise;
            }

            @Override
            void run(CpuConvolution c, INDArray x, INDArray w, INDArray b, INDArray dy, INDArray dx, INDArray dw,
                    INDArray db) {
                INDArray dy2 = rows(dy);
                INDArray w2 = w.reshape('c', c.out, c.in);
                if (dx != null) {
                    Ops.gemm(dy2, w2, rows(dx), false, false);
                }
                Ops.gemm(dy2, rows(x), dw.reshape('c', c.out, c.in), true, false);
                if (db != null) {
                    CpuBackend.INSTANCE.channelSums(dy, c.out, db);
                }
            }
        };

        abstract boolean valid(CpuConvolution c, boolean needDx);

        abstract void run(CpuConvolution c, INDArray x, INDArray w, INDArray b, INDArray dy, INDArray dx, INDArray dw,
                INDArray db);

        /** The path for input {@code x}: {@code cnn.conv.backward} where it applies, else the measured rule. */
        static Path preferred(CpuConvolution c, INDArray x, boolean needDx) {
            if (c.pointwise) {
                return GEMM;
            }
            if (!Settings.CONV_BACKWARD.isEmpty()) {
                Path forced = valueOf(Settings.CONV_BACKWARD);
                if (forced.valid(c, needDx)) {
                    return forced;
                }
            }
            if (ONEDNN.valid(c, needDx) && oneDnnWins(c, x, needDx)) {
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
        private static boolean oneDnnWins(CpuConvolution c, INDArray x, boolean needDx) {
            Window k = c.window;
            boolean smallMaps = k.outH(x.size(1), false) * k.outW(x.size(2), false) <= 4;
            return !needDx || c.groups > 1 || c.in / c.groups <= 16 || k.sh() > 1 || k.sw() > 1 || smallMaps;
        }
    }

    /** Backward forced to one path where it applies (tests), or null for {@link Path#preferred}. */
    void forceBackward(Path path) {
        this.forced = path;
        chosen[0] = null;
        chosen[1] = null;
    }

    @Override
    public void close() {
        dnn.values().forEach(OneDnn::close);
        dnn.clear();
        lastDnn = null;
    }

    /** The oneDNN primitives for input of x's shape, made on first use of that shape. */
    private OneDnn oneDnn(INDArray x) {
        if (lastDnn == null || !lastDnn.fits(x)) {
            lastDnn = dnn.computeIfAbsent(Arrays.stream(x.shape()).boxed().toList(),
                    k -> new OneDnn(x.shape(), out, groups, window));
        }
        return lastDnn;
    }

    private INDArray zeros() {
        if (zeros == null) {
            zeros = Nd4j.zeros(DataType.FLOAT, out);
        }
        return zeros;
    }

    /** The libnd4j {@code [kh, kw, in, mult]} view of a PyTorch-layout depthwise weight (kept for the last one seen). */
    private INDArray depthwise(INDArray w) {
        if (w != depthOf) {
            depthOf = w;
            depthView = hwio(w);
        }
        return depthView;
    }

    private INDArray depthwiseGrad(INDArray dw) {
        if (dw != depthGradOf) {
            depthGradOf = dw;
            depthGradView = hwio(dw);
        }
        return depthGradView;
    }

    private INDArray hwio(INDArray w) {
        // oneDNN runs depthwise_conv2d(_bp) only for weights [kh, kw, in, 1] (its platform check reads the multiplier
        // from dimension 3); with [mult, in, kh, kw] libnd4j's own loops ran, 20-30x slower.
        return w.reshape('c', in, out / in, window.kh(), window.kw()).permute(2, 3, 0, 1);
    }

    private static void floats(INDArray x) {
        if (x.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("the CPU convolution takes FLOAT arrays, got " + x.dataType());
        }
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
