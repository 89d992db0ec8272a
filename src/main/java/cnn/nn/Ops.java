package cnn.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** Thin helpers around libnd4j custom ops and the per-shape buffers layers reuse. */
public final class Ops {
    public static final int[] NO_INTS = {};

    private Ops() {}

    /**
     * {@code z = a OP b} with numpy broadcasting, OP one of libnd4j's {@code add, subtract, multiply, divide}.
     * For per-channel factors of channels-last maps pass b as a {@code [1, 1, 1, C]} view: this is ~15x faster than
     * ND4J's {@code Broadcast*Op} along one dimension (measured 0.9 ms vs 15 ms on 2M floats).
     */
    public static void broadcast(String op, INDArray a, INDArray b, INDArray z) {
        exec(op, new INDArray[] {a, b}, new INDArray[] {z}, NO_INTS);
    }

    /**
     * Runs the libnd4j custom op {@code name} writing into the given, preallocated outputs, so no shape
     * function runs (ND4J-NOTES 4b). Null entries in {@code in}/{@code out} (an absent bias) are skipped.
     */
    public static void exec(String name, INDArray[] in, INDArray[] out, int[] iArgs, double... tArgs) {
        DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(name)
                .addInputs(present(in)).addOutputs(present(out)); // each add* call replaces the previous
        if (iArgs.length > 0) {
            b.addIntegerArguments(iArgs); // one call with all of them: per-value calls fail (ND4J-NOTES 5)
        }
        if (tArgs.length > 0) {
            Double[] t = new Double[tArgs.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = tArgs[i];
            }
            b.addFloatingPointArguments(t);
        }
        Nd4j.exec(b.build());
    }

    private static INDArray[] present(INDArray[] a) {
        int n = 0;
        for (INDArray e : a) {
            n += e == null ? 0 : 1;
        }
        if (n == a.length) {
            return a;
        }
        INDArray[] p = new INDArray[n];
        n = 0;
        for (INDArray e : a) {
            if (e != null) {
                p[n++] = e;
            }
        }
        return p;
    }

    /**
     * Throws unless {@code x} has {@code dims.length} dimensions, size {@code dims[i]} wherever that is
     * not negative, and (if not null) the dtype of the layer's parameters.
     */
    static void expect(String layer, INDArray x, DataType dtype, long... dims) {
        boolean ok = x.rank() == dims.length && (dtype == null || x.dataType() == dtype);
        StringBuilder want = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            ok &= dims[i] < 0 || x.rank() != dims.length || x.size(i) == dims[i];
            want.append(i > 0 ? "," : "").append(dims[i] < 0 ? "*" : Long.toString(dims[i]));
        }
        if (!ok) {
            throw new IllegalArgumentException(layer + " expects " + want + "] " + (dtype == null ? "" : dtype + " ")
                    + "input, got " + Arrays.toString(x.shape()) + " " + x.dataType());
        }
    }

    /**
     * Indices {@code from, from + step, ...} (below {@code to}) of {@code a} along {@code axis}, as a view.
     * Built from the base buffer, offset and strides because ND4J 1.0.0-M2.1's {@code INDArray.get(interval)}
     * returns an empty array for a slice near the end of a view with a nonzero offset (it checks bounds
     * against the view's sub-buffer but counts the offset from the base buffer), e.g. the last group of a
     * conv weight that is not first in its ParamStore.
     */
    public static INDArray slice(INDArray a, int axis, long from, long to, long step) {
        if (from < 0 || to > a.size(axis) || from >= to || step <= 0) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") step " + step + " of axis " + axis
                    + " of " + Arrays.toString(a.shape()));
        }
        long[] shape = a.shape().clone();
        long[] stride = a.stride().clone();
        shape[axis] = (to - from + step - 1) / step;
        long offset = from * stride[axis];
        stride[axis] *= step;
        return view(a, offset, shape, stride);
    }

    public static INDArray slice(INDArray a, int axis, long from, long to) {
        return slice(a, axis, from, to, 1);
    }

    /** A c-order view of {@code shape} starting {@code offset} elements into contiguous {@code a}. */
    public static INDArray view(INDArray a, long offset, long... shape) {
        long[] stride = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = s;
            s *= shape[i];
        }
        return view(a, offset, shape, stride);
    }

    private static INDArray view(INDArray a, long offset, long[] shape, long[] stride) {
        DataBuffer base = a.data().underlyingDataBuffer() != null ? a.data().underlyingDataBuffer() : a.data();
        return Nd4j.create(base, shape, stride, a.offset() + offset, 'c', a.dataType());
    }

    /**
     * {@code out[c] = sum over n, h, w of t[n, h, w, c]} for contiguous channels-last {@code t}, as one
     * matrix-vector product {@code ones [1, N*H*W] x t [N*H*W, C]}.
     */
    static void channelSums(INDArray t, INDArray out) {
        long c = t.size(t.rank() - 1);
        long m = t.length() / c;
        Nd4j.gemm(ones(t.dataType(), m).reshape('c', 1, m), t.reshape('c', m, c), out.reshape('c', 1, c), false, false,
                1.0, 0.0);
    }

    private static final java.util.Map<String, INDArray> ONES = new java.util.concurrent.ConcurrentHashMap<>();

    /** A shared, never modified vector of n ones. */
    static INDArray ones(DataType dtype, long n) {
        return ONES.computeIfAbsent(dtype + ":" + n, k -> Nd4j.ones(dtype, n));
    }

    /** {@code buf} if it already has this dtype and shape, else a new uninitialised c-order array. */
    public static INDArray reuse(INDArray buf, DataType dtype, long... shape) {
        if (buf != null && buf.dataType() == dtype && Arrays.equals(buf.shape(), shape)) {
            return buf;
        }
        return Nd4j.createUninitialized(dtype, shape);
    }

    /** True if {@code a} has the dtype and shape of {@code like} (a cached buffer, possibly null). */
    public static boolean sameLayout(INDArray a, INDArray like) {
        return like != null && a.dataType() == like.dataType() && Arrays.equals(a.shape(), like.shape());
    }
}
