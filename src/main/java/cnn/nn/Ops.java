package cnn.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOpDescriptor;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

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
     *
     * <p>{@code Nd4j.exec} builds a new native op context for every call (op object, argument pointers, random
     * state, and a deallocator that the garbage collector and ND4J's deallocator thread later run): about 6 us of
     * a 1 us {@code relu} on a 4x4 array, 8-12 us of a small {@code conv2d}, measured one core. Here each thread
     * keeps one context per op name and argument list while it runs on the same array objects ({@link Bound});
     * layers reuse their buffers, so after the first step most calls build nothing.
     */
    public static void exec(String name, INDArray[] in, INDArray[] out, int[] iArgs, double... tArgs) {
        INDArray[] ins = present(in);
        INDArray[] outs = present(out);
        Bound b = Bound.of(name, ins, outs, iArgs, tArgs);
        OpContext ctx = b.bind(ins, outs);
        run(b, ctx, name, in, out, iArgs, tArgs);
    }

    /** The native context {@link #exec} runs these arrays on, bound to them (which arrays a kept context holds). */
    static OpContext context(String name, INDArray[] in, INDArray[] out, int[] iArgs, double... tArgs) {
        INDArray[] ins = present(in);
        INDArray[] outs = present(out);
        return Bound.of(name, ins, outs, iArgs, tArgs).bind(ins, outs);
    }

    private static void run(Bound b, OpContext ctx, String name, INDArray[] in, INDArray[] out, int[] iArgs,
            double[] tArgs) {
        NativeOps loop = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int status = loop.execCustomOp2(null, b.hash, ctx.contextPointer());
        if (status != 0) {
            throw new IllegalStateException("libnd4j op " + name + " failed (status " + status + "): "
                    + loop.lastErrorMessage() + "; inputs " + shapes(in) + ", outputs " + shapes(out) + ", int args "
                    + Arrays.toString(iArgs) + (tArgs.length > 0 ? ", float args " + Arrays.toString(tArgs) : ""));
        }
    }

    /**
     * {@code c = op(a) op(b)} for 2-D {@code a, b, c} (c-order views of contiguous buffers are fine), through
     * libnd4j's {@code matmul} as {@code Nd4j.gemm} runs it, by way of {@link #exec}.
     */
    public static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB) {
        exec("matmul", new INDArray[] {a, b}, new INDArray[] {c}, transA ? (transB ? TT : TN) : (transB ? NT : NN),
                1.0, 0.0);
    }

    private static final int[] NN = {0, 0, 0};
    private static final int[] NT = {0, 1, 0};
    private static final int[] TN = {1, 0, 0};
    private static final int[] TT = {1, 1, 0};

    private static String shapes(INDArray[] a) {
        StringBuilder s = new StringBuilder();
        for (INDArray e : a) {
            s.append(s.length() == 0 ? "" : " ").append(e == null ? "-" : Arrays.toString(e.shape()) + e.dataType());
        }
        return s.toString();
    }

    /**
     * A native op context of the calling thread for one op, argument list and number of arrays, with the arrays it
     * was last run on. libnd4j's context wraps every array it is given in a native handle that holds a reference to
     * the array's buffer and frees those handles only with the context (not on a purge): setting arrays of new
     * buffers on a kept context kept every buffer ever bound alive (measured: 20 dropped pairs of 16 MB arrays grew
     * the process by 610 MB, every time; a purge first did not help). So arrays of other buffers get a new context,
     * and the old one and its handles go with the garbage collector, as every context did before ({@link #bind}).
     */
    private static final class Bound {
        private static final ThreadLocal<Map<String, List<Bound>>> BY_OP = ThreadLocal.withInitial(HashMap::new);

        final long hash;
        private final int[] iArgs;
        private final double[] tArgs;
        private final INDArray[] in;
        private final INDArray[] out;
        private OpContext ctx;
        private int sets; // times arrays were set on ctx

        /** Sets of arrays one context takes before it is replaced (each leaves small native handles behind). */
        private static final int MAX_SETS = 1024;

        private Bound(long hash, int[] iArgs, double[] tArgs, int ins, int outs) {
            this.hash = hash;
            this.iArgs = iArgs.clone();
            this.tArgs = tArgs.clone();
            this.in = new INDArray[ins];
            this.out = new INDArray[outs];
        }

        static Bound of(String name, INDArray[] in, INDArray[] out, int[] iArgs, double[] tArgs) {
            List<Bound> list = BY_OP.get().computeIfAbsent(name, k -> new ArrayList<>(2));
            for (Bound b : list) {
                if (b.in.length == in.length && b.out.length == out.length && Arrays.equals(b.iArgs, iArgs)
                        && Arrays.equals(b.tArgs, tArgs)) {
                    return b;
                }
            }
            CustomOpDescriptor d = Nd4j.getExecutioner().getCustomOperations().get(name.toLowerCase(Locale.ROOT));
            if (d == null) {
                throw new IllegalArgumentException("libnd4j has no op " + name);
            }
            Bound b = new Bound(d.getHash(), iArgs, tArgs, in.length, out.length);
            list.add(b);
            return b;
        }

        /**
         * The context to run on these arrays. The kept one as it is if they are the array objects it has; the kept
         * one with the changed arrays set if every array is a view of the buffer its predecessor viewed (a new view
         * per call of a layer's buffer, say): the handles left behind then hold buffers that are live anyway, and at
         * most {@link #MAX_SETS} sets of them pile up before the context is replaced. A new context otherwise.
         */
        OpContext bind(INDArray[] inputs, INDArray[] outputs) {
            boolean sameObjects = ctx != null;
            boolean sameBuffers = ctx != null && sets < MAX_SETS;
            for (int i = 0; i < inputs.length; i++) {
                sameObjects &= in[i] == inputs[i];
                sameBuffers &= sameObjects || base(in[i]) == base(inputs[i]);
            }
            for (int i = 0; i < outputs.length; i++) {
                sameObjects &= out[i] == outputs[i];
                sameBuffers &= sameObjects || base(out[i]) == base(outputs[i]);
            }
            if (sameObjects) {
                return ctx;
            }
            if (!sameBuffers) {
                ctx = Nd4j.getExecutioner().buildContext();
                ctx.setIArguments(Arrays.stream(iArgs).asLongStream().toArray());
                ctx.setTArguments(tArgs);
                Arrays.fill(in, null);
                Arrays.fill(out, null);
                sets = 0;
            }
            sets++;
            for (int i = 0; i < inputs.length; i++) {
                if (in[i] != inputs[i]) {
                    ctx.setInputArray(i, inputs[i]);
                    in[i] = inputs[i];
                }
            }
            for (int i = 0; i < outputs.length; i++) {
                if (out[i] != outputs[i]) {
                    ctx.setOutputArray(i, outputs[i]);
                    out[i] = outputs[i];
                }
            }
            return ctx;
        }

        /** The buffer an array views (itself if it is not a view). */
        private static DataBuffer base(INDArray a) {
            if (a == null) {
                return null;
            }
            DataBuffer d = a.data();
            return d.underlyingDataBuffer() != null ? d.underlyingDataBuffer() : d;
        }
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

    /** {@code a} itself if it is contiguous (as the kernels and oneDNN read arrays), else a contiguous c-order copy. */
    public static INDArray asContiguous(INDArray a) {
        return contiguous(a) ? a : a.dup('c');
    }

    /** True if {@code a} is c-order with no gaps, so the kernels can read it. */
    public static boolean contiguous(INDArray a) {
        long s = 1;
        for (int i = a.rank() - 1; i >= 0; i--) {
            if (a.size(i) != 1 && a.stride(i) != s) {
                return false;
            }
            s *= a.size(i);
        }
        return true;
    }

    /** Whether the libnd4j build in use has oneDNN inside (its build info says so; its environment flag does not). */
    public static boolean libnd4jHasOneDnn() {
        Nd4j.getBackend();
        return NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
    }

    /** ND4J's version. */
    public static String nd4jVersion() {
        String v = Nd4j.class.getPackage().getImplementationVersion();
        return v == null ? "1.0.0-M2.1" : v;
    }
}
