package cnn.nn;

import java.util.stream.Stream;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float convolutions through oneDNN's own API (JavaCPP's dnnl preset, oneDNN 2.5), with primitives made once per
 * layer and input shape. libnd4j's {@code conv2d}/{@code conv2d_bp} (oneDNN 2.3 inside libnd4j) make the primitive
 * descriptors on every call and always compute the input gradient, by Winograd where oneDNN's auto choice picks it.
 * Here the backward passes are separate primitives with the direct algorithm: the weight gradient alone for a first
 * layer, and for few input channels both, each about a forward pass. Measured one core, ms, libnd4j {@code conv2d_bp}
 * against backward-data + backward-weights here: LeNet-5's conv2 [64, 14, 14, 6] 5x5 1.77 against 0.73 + 0.30;
 * [128, 32, 32, 16] 3x3 16.1 against 5.7 + 5.8; but [64, 32, 32, 64] 3x3 70.6 against 48.1 + 58.8 (Winograd wins there).
 * First layers, weight gradient only: LeNet-5's conv1 0.50 against 0.8-1.0 (our batch-as-channels convolution);
 * ResNet-50's 7x7/2 on [8, 224, 224, 3] 28 against 134 (conv2d_bp, which computes dx too).
 *
 * <p>Maps are channels-last {@code [N, H, W, C]} and weights PyTorch's {@code [O, I, kh, kw]}, both as ND4J holds them;
 * oneDNN picks its own weight layout and reorders run around each call. Results equal libnd4j's to float rounding
 * (the forward kernel is the same, bit for bit, in the shapes measured).
 *
 * <p>One instance serves one layer on one thread (a replica's layers run on its own thread).
 */
final class OneDnn implements AutoCloseable {
    /** Whether oneDNN's preset loaded (and {@code cnn.onednn} is not false): float convolutions then run here. */
    static final boolean AVAILABLE = load();
    private static engine cpu;
    private static final ThreadLocal<stream> STREAM = ThreadLocal.withInitial(() -> new stream(cpu));

    private final long[] xDims;
    private final memory.desc xd;
    private final memory.desc yd;
    private final memory.desc wd;
    private final memory.desc wAny;
    private final memory.desc bd;
    private final long[] strides;
    private final long[] padL;
    private final long[] padR;
    private final convolution_forward.primitive_desc fpd;
    private final convolution_forward fwd;
    private final memory x;
    private final memory y;
    private final memory dy;
    private final memory dx;
    private final memory w;
    private final memory dw;
    private final memory b;
    private final memory db;
    private final memory wFwd;
    private final reorder toFwd; // user weights to the forward's layout, or null when that is the user's
    private final IntMemoryMap fwdArgs = new IntMemoryMap();
    // the backward passes, made on first use: a layer whose backward runs elsewhere, or inference, never makes them
    private Data data;
    private Weights weights;

    /** Backward-data: its primitive, the weights in its layout (or the user's) and the reorder to it (or null). */
    private record Data(convolution_backward_data primitive, memory weights, reorder to, IntMemoryMap args) {
        Stream<Pointer> parts() {
            return Stream.of(primitive, weights, to, args);
        }
    }

    /** Backward-weights: its primitive, its gradient layout (or the user's) and the reorder back (or null). */
    private record Weights(convolution_backward_weights primitive, memory grad, reorder back, IntMemoryMap args) {
        Stream<Pointer> parts() {
            return Stream.of(primitive, grad, back, args);
        }
    }

    private static boolean load() {
        if (!Settings.ONEDNN) {
            return false;
        }
        try {
            cpu = new engine(engine.kind.cpu, 0);
            return true;
        } catch (Throwable e) { // no preset for this platform: libnd4j's paths serve
            return false;
        }
    }

    /**
     * Primitives for input {@code [N, H, W, in]}, weights {@code [out, in/groups, kh, kw]} (oneDNN's {@code goihw}
     * when grouped: the same memory), bias {@code [out]} and window {@code k}; the output is {@code [N, oh, ow, out]}
     * by PyTorch's size rule. There is always a bias (a layer without one passes zeros), so that a layer has one set
     * of primitives whether or not a batch norm was folded into it.
     */
    OneDnn(long[] xShape, int out, int groups, Window k) {
        long oh = k.outH(xShape[1], false);
        long ow = k.outW(xShape[2], false);
        long n = xShape[0];
        long in = xShape[3];
        xDims = xShape.clone();
        xd = desc(new long[] {n, in, xShape[1], xShape[2]}, memory.format_tag.nhwc);
        yd = desc(new long[] {n, out, oh, ow}, memory.format_tag.nhwc);
        long[] wDims = groups == 1 ? new long[] {out, in, k.kh(), k.kw()}
                : new long[] {groups, out / groups, in / groups, k.kh(), k.kw()};
        wd = desc(wDims, groups == 1 ? memory.format_tag.oihw : memory.format_tag.goihw);
        wAny = desc(wDims, memory.format_tag.any);
        bd = desc(new long[] {out}, memory.format_tag.x);
        strides = new long[] {k.sh(), k.sw()};
        padL = new long[] {k.ph(), k.pw()};
        // PyTorch's output size floor((H + 2p - k)/s) + 1: the right padding oneDNN needs for it
        padR = new long[] {(oh - 1) * k.sh() + k.kh() - xShape[1] - k.ph(), (ow - 1) * k.sw() + k.kw() - xShape[2] - k.pw()};
        fpd = new convolution_forward.primitive_desc(new convolution_forward.desc(dnnl.prop_kind.forward_training,
                dnnl.algorithm.convolution_direct, xd, wAny, bd, yd, strides, padL, padR), cpu, false);
        fwd = new convolution_forward(fpd);
        Pointer none = new Pointer();
        x = new memory(xd, cpu, none);
        y = new memory(yd, cpu, none);
        dy = new memory(yd, cpu, none);
        dx = new memory(xd, cpu, none);
        w = new memory(wd, cpu, none);
        dw = new memory(wd, cpu, none);
        b = new memory(bd, cpu, none);
        db = new memory(bd, cpu, none);
        wFwd = fpd.weights_desc().equals(wd) ? w : new memory(fpd.weights_desc(), cpu);
        toFwd = wFwd == w ? null : new reorder(w, wFwd);
        fwdArgs.put(dnnl.DNNL_ARG_SRC, x).put(dnnl.DNNL_ARG_WEIGHTS, wFwd).put(dnnl.DNNL_ARG_BIAS, b).put(dnnl.DNNL_ARG_DST, y);
    }

    private Data data() {
        if (data == null) {
            var pd = new convolution_backward_data.primitive_desc(new convolution_backward_data.desc(
                    dnnl.algorithm.convolution_direct, xd, wAny, yd, strides, padL, padR), cpu, fpd, false);
            memory blocked = pd.weights_desc().equals(wd) ? w : new memory(pd.weights_desc(), cpu);
            IntMemoryMap args = new IntMemoryMap();
            args.put(dnnl.DNNL_ARG_DIFF_DST, dy).put(dnnl.DNNL_ARG_WEIGHTS, blocked).put(dnnl.DNNL_ARG_DIFF_SRC, dx);
            data = new Data(new convolution_backward_data(pd), blocked, blocked == w ? null : new reorder(w, blocked), args);
        }
        return data;
    }

    private Weights weights() {
        if (weights == null) {
            var pd = new convolution_backward_weights.primitive_desc(new convolution_backward_weights.desc(
                    dnnl.algorithm.convolution_direct, xd, wAny, bd, yd, strides, padL, padR), cpu, fpd, false);
            memory grad = pd.diff_weights_desc().equals(wd) ? dw : new memory(pd.diff_weights_desc(), cpu);
            IntMemoryMap args = new IntMemoryMap();
            args.put(dnnl.DNNL_ARG_SRC, x).put(dnnl.DNNL_ARG_DIFF_DST, dy).put(dnnl.DNNL_ARG_DIFF_WEIGHTS, grad)
                    .put(dnnl.DNNL_ARG_DIFF_BIAS, db);
            weights = new Weights(new convolution_backward_weights(pd), grad, grad == dw ? null : new reorder(grad, dw),
                    args);
        }
        return weights;
    }

    /** Whether these primitives were made for input of this shape. */
    boolean fits(INDArray input) {
        return java.util.Arrays.equals(xDims, input.shape());
    }

    /** Frees the native primitives, memories and buffers now; this must not be used after. */
    @Override
    public void close() {
        Stream.of(Stream.<Pointer>of(fwd, fpd, fwdArgs, x, y, dy, dx, w, dw, b, db, wFwd, toFwd, xd, yd, wd, wAny, bd),
                data == null ? Stream.<Pointer>empty() : data.parts(),
                weights == null ? Stream.<Pointer>empty() : weights.parts())
                .flatMap(p -> p)
                .filter(java.util.Objects::nonNull) // reorders are null where no layout change is needed
                .distinct() // w may also be wFwd, and so on
                .forEach(Pointer::close);
    }

    /** {@code out = conv(in, weight) + bias}. */
    void forward(INDArray in, INDArray weight, INDArray bias, INDArray out) {
        stream s = STREAM.get();
        bind(x, in);
        bind(y, out);
        bind(b, bias);
        toBlocked(s, weight, toFwd, wFwd);
        fwd.execute(s, fwdArgs);
        s._wait();
    }

    /** The input gradient {@code gradIn} of the output gradient {@code gradOut}. */
    void backwardData(INDArray gradOut, INDArray weight, INDArray gradIn) {
        stream s = STREAM.get();
        Data d = data();
        bind(dy, gradOut);
        bind(dx, gradIn);
        toBlocked(s, weight, d.to(), d.weights());
        d.primitive().execute(s, d.args());
        s._wait();
    }

    /** The weight and bias gradients, overwritten. */
    void backwardWeights(INDArray in, INDArray gradOut, INDArray gradWeight, INDArray gradBias) {
        stream s = STREAM.get();
        bind(x, in);
        bind(dy, gradOut);
        bind(dw, gradWeight);
        bind(db, gradBias);
        Weights g = weights();
        g.primitive().execute(s, g.args());
        if (g.back() != null) {
            g.back().execute(s, g.grad(), dw);
        }
        s._wait();
    }

    private void toBlocked(stream s, INDArray weight, reorder to, memory blocked) {
        bind(w, weight);
        if (to != null) {
            to.execute(s, w, blocked);
        }
    }

    private static void bind(memory m, INDArray a) {
        if (!Ops.contiguous(a) || a.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("oneDNN convolutions take contiguous float arrays, got "
                    + a.dataType() + " " + java.util.Arrays.toString(a.shape()));
        }
        m.set_data_handle(a.data().addressPointer());
    }

    private static memory.desc desc(long[] dims, memory.format_tag tag) {
        return new memory.desc(dims, memory.data_type.f32, tag);
    }
}
