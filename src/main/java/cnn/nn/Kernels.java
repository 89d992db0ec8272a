package cnn.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.bytedeco.javacpp.BytePointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The float32 elementwise and per-channel passes of the {@link CpuBackend} over contiguous arrays, written with Java's
 * Vector API (JEP 414, incubating in
 * Java 17) on ND4J's off-heap buffers, so one pass does what took libnd4j several: batch norm's statistics, its
 * normalisation and its backward, and ReLU. Measured on [128, 32, 32, 16] floats, one core: per-channel sum and sum
 * of squares 0.15 ms against 0.4 ms for one matrix-vector channel sum; scale, shift and ReLU in one pass 0.3 ms against
 * 1.2 ms for one libnd4j broadcast; these ops have no JNI call or op object either.
 *
 * <p>A map of {@code n} elements with {@code C} channels is channels-last: element {@code i} is in channel
 * {@code i % C}. The loops run over whole vectors of {@code L} lanes; per-channel coefficients are laid out over one
 * period {@code P = lcm(C, L)} so every vector lines up with its coefficients whatever C is. Float sums run in float
 * over blocks of at most {@link #BLOCK} vectors and are added up in double, so their error does not grow with the
 * batch. Arrays are processed in chunks of whole periods of at most 2^30 bytes (a Java buffer's index is an int).
 */
final class Kernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();
    private static final int BLOCK = 1024;
    /**
     * Sums over more than this many vectors per row run row by row into an accumulator array; fewer run one vector
     * column at a time down all rows in a register. Columns strided by a long row made 16 partial sweeps of a
     * [8, 56, 56, 256] map (ResNet-50's batch norms took 445 ms of a 3.2 s step).
     */
    private static final int ROW_OUTER = 4;
    /** Arrays are processed in chunks of at most this many bytes; tests make it small to check the chunking. */
    static long chunkBytes = 1L << 30;

    private Kernels() {}

    /** {@code out[c] = sum over channel c of (x - centre[c])}, squared if {@code squared}; centre null means 0. */
    static void sumDeviations(INDArray x, int channels, double[] centre, boolean squared, double[] out) {
        Period p = new Period(x, channels);
        double[] acc = new double[p.size];
        float[] cen = p.expand(centre == null ? new double[channels] : centre);
        for (long from = 0; from < x.length(); from += p.chunk) {
            int len = (int) Math.min(p.chunk, x.length() - from);
            sumDeviations(bytes(x, from, len), len, p.size, cen, squared, acc);
        }
        p.fold(acc, out);
    }

    /** {@code sums[c] = sum over channel c of dy}, {@code products[c] = sum over channel c of dy (x - centre[c])}. */
    static void sumProducts(INDArray dy, INDArray x, int channels, double[] centre, double[] sums, double[] products) {
        sameLength(dy, x);
        Period p = new Period(x, channels);
        double[] s = new double[p.size];
        double[] q = new double[p.size];
        float[] cen = p.expand(centre);
        for (long from = 0; from < x.length(); from += p.chunk) {
            int len = (int) Math.min(p.chunk, x.length() - from);
            sumProducts(bytes(dy, from, len), bytes(x, from, len), len, p.size, cen, s, q);
        }
        p.fold(s, sums);
        p.fold(q, products);
    }

    /**
     * {@code out = (u - centre[c]) * scale[c] + shift[c]}, then {@code max(., 0)} if {@code relu}; with {@code v} not
     * null, {@code out = v * vScale[c] + (u - centre[c]) * scale[c] + shift[c]} (batch norm's backward).
     * {@code out} may be {@code u} or {@code v}.
     */
    static void affine(INDArray u, int channels, double[] centre, double[] scale, double[] shift, INDArray v,
            double[] vScale, boolean relu, INDArray out) {
        sameLength(u, out);
        if (v != null) {
            sameLength(v, out);
        }
        Period p = new Period(u, channels);
        float[] m = p.expand(centre);
        float[] a = p.expand(scale);
        float[] b = p.expand(shift);
        float[] w = v == null ? null : p.expand(vScale);
        for (long from = 0; from < u.length(); from += p.chunk) {
            int len = (int) Math.min(p.chunk, u.length() - from);
            affine(bytes(u, from, len), v == null ? null : bytes(v, from, len), bytes(out, from, len), len, p.size, m, a,
                    b, w, relu);
        }
    }

    /** {@code dx = dy} where the ReLU output {@code y > 0}, else 0 (NaN gives 0); dx may be dy. */
    static void reluBackward(INDArray y, INDArray dy, INDArray dx) {
        elementwise(y, dy, dx, Kernels::reluBackward);
    }

    /** {@code dx = dy (1 - y^2)} from the tanh output y; dx may be dy. */
    static void tanhBackward(INDArray y, INDArray dy, INDArray dx) {
        elementwise(y, dy, dx, Kernels::tanhBackward);
    }

    /** A pass over the same-length buffers of two inputs and an output. */
    private interface Pass {
        void run(ByteBuffer a, ByteBuffer b, ByteBuffer out, int len);
    }

    private static void elementwise(INDArray a, INDArray b, INDArray out, Pass pass) {
        sameLength(a, out);
        sameLength(b, out);
        long chunk = Math.max(1, chunkBytes / Float.BYTES / F.length()) * F.length();
        for (long from = 0; from < a.length(); from += chunk) {
            int len = (int) Math.min(chunk, a.length() - from);
            pass.run(bytes(a, from, len), bytes(b, from, len), bytes(out, from, len), len);
        }
    }

    /** Copies the elements of contiguous {@code a} into {@code out}. */
    static void read(INDArray a, double[] out) {
        sameLength(a, out.length);
        ByteBuffer b = bytes(a, 0, out.length);
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getFloat(4 * i);
        }
    }

    /** Writes {@code in} into contiguous {@code a}. */
    static void write(double[] in, INDArray a) {
        sameLength(a, in.length);
        ByteBuffer b = bytes(a, 0, in.length);
        for (int i = 0; i < in.length; i++) {
            b.putFloat(4 * i, (float) in[i]);
        }
    }

    private static void sumDeviations(ByteBuffer x, int len, int period, float[] cen, boolean squared, double[] acc) {
        int lanes = F.length();
        int periods = len / period;
        if (period > ROW_OUTER * lanes) {
            float[] part = new float[period];
            for (int t0 = 0; t0 < periods; t0 += BLOCK) {
                int t1 = Math.min(periods, t0 + BLOCK);
                Arrays.fill(part, 0);
                for (int t = t0; t < t1; t++) {
                    for (int j = 0; j < period; j += lanes) {
                        FloatVector d = FloatVector.fromByteBuffer(F, x, 4 * (t * period + j), NATIVE)
                                .sub(FloatVector.fromArray(F, cen, j));
                        FloatVector s = FloatVector.fromArray(F, part, j);
                        (squared ? d.fma(d, s) : s.add(d)).intoArray(part, j);
                    }
                }
                for (int j = 0; j < period; j++) {
                    acc[j] += part[j];
                }
            }
        } else {
            float[] part = new float[lanes];
            for (int j = 0; j < period; j += lanes) {
                FloatVector c = FloatVector.fromArray(F, cen, j);
                for (int t0 = 0; t0 < periods; t0 += BLOCK) {
                    int t1 = Math.min(periods, t0 + BLOCK);
                    FloatVector s = FloatVector.zero(F);
                    for (int t = t0; t < t1; t++) {
                        FloatVector d = FloatVector.fromByteBuffer(F, x, 4 * (t * period + j), NATIVE).sub(c);
                        s = squared ? d.fma(d, s) : s.add(d);
                    }
                    s.intoArray(part, 0);
                    for (int l = 0; l < lanes; l++) {
                        acc[j + l] += part[l];
                    }
                }
            }
        }
        for (int i = periods * period; i < len; i++) {
            double d = x.getFloat(4 * i) - cen[i % period];
            acc[i % period] += squared ? d * d : d;
        }
    }

    private static void sumProducts(ByteBuffer g, ByteBuffer x, int len, int period, float[] cen, double[] sums,
            double[] products) {
        int lanes = F.length();
        int periods = len / period;
        if (period > ROW_OUTER * lanes) {
            float[] s = new float[period];
            float[] q = new float[period];
            for (int t0 = 0; t0 < periods; t0 += BLOCK) {
                int t1 = Math.min(periods, t0 + BLOCK);
                Arrays.fill(s, 0);
                Arrays.fill(q, 0);
                for (int t = t0; t < t1; t++) {
                    for (int j = 0; j < period; j += lanes) {
                        int at = 4 * (t * period + j);
                        FloatVector dy = FloatVector.fromByteBuffer(F, g, at, NATIVE);
                        FloatVector d = FloatVector.fromByteBuffer(F, x, at, NATIVE)
                                .sub(FloatVector.fromArray(F, cen, j));
                        FloatVector.fromArray(F, s, j).add(dy).intoArray(s, j);
                        dy.fma(d, FloatVector.fromArray(F, q, j)).intoArray(q, j);
                    }
                }
                for (int j = 0; j < period; j++) {
                    sums[j] += s[j];
                    products[j] += q[j];
                }
            }
        } else {
            float[] part = new float[lanes];
            for (int j = 0; j < period; j += lanes) {
                FloatVector c = FloatVector.fromArray(F, cen, j);
                for (int t0 = 0; t0 < periods; t0 += BLOCK) {
                    int t1 = Math.min(periods, t0 + BLOCK);
                    FloatVector s = FloatVector.zero(F);
                    FloatVector q = FloatVector.zero(F);
                    for (int t = t0; t < t1; t++) {
                        int at = 4 * (t * period + j);
                        FloatVector dy = FloatVector.fromByteBuffer(F, g, at, NATIVE);
                        FloatVector d = FloatVector.fromByteBuffer(F, x, at, NATIVE).sub(c);
                        s = s.add(dy);
                        q = dy.fma(d, q);
                    }
                    s.intoArray(part, 0);
                    for (int l = 0; l < lanes; l++) {
                        sums[j + l] += part[l];
                    }
                    q.intoArray(part, 0);
                    for (int l = 0; l < lanes; l++) {
                        products[j + l] += part[l];
                    }
                }
            }
        }
        for (int i = periods * period; i < len; i++) {
            double dy = g.getFloat(4 * i);
            sums[i % period] += dy;
            products[i % period] += dy * (x.getFloat(4 * i) - cen[i % period]);
        }
    }

    private static void affine(ByteBuffer u, ByteBuffer v, ByteBuffer out, int len, int period, float[] m, float[] a,
            float[] b, float[] w, boolean relu) {
        int lanes = F.length();
        int whole = len / lanes * lanes;
        for (int i = 0, k = 0; i < whole; i += lanes) {
            FloatVector r = FloatVector.fromByteBuffer(F, u, 4 * i, NATIVE).sub(FloatVector.fromArray(F, m, k))
                    .fma(FloatVector.fromArray(F, a, k), FloatVector.fromArray(F, b, k));
            if (v != null) {
                r = FloatVector.fromByteBuffer(F, v, 4 * i, NATIVE).fma(FloatVector.fromArray(F, w, k), r);
            }
            if (relu) {
                r = r.max(0f);
            }
            r.intoByteBuffer(out, 4 * i, NATIVE);
            k += lanes;
            if (k == period) {
                k = 0;
            }
        }
        for (int i = whole; i < len; i++) {
            int k = i % period;
            float r = (u.getFloat(4 * i) - m[k]) * a[k] + b[k];
            if (v != null) {
                r += v.getFloat(4 * i) * w[k];
            }
            out.putFloat(4 * i, relu ? Math.max(r, 0f) : r);
        }
    }

    private static void reluBackward(ByteBuffer y, ByteBuffer g, ByteBuffer out, int len) {
        int lanes = F.length();
        int whole = len / lanes * lanes;
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < whole; i += lanes) {
            VectorMask<Float> on = FloatVector.fromByteBuffer(F, y, 4 * i, NATIVE).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromByteBuffer(F, g, 4 * i, NATIVE), on).intoByteBuffer(out, 4 * i, NATIVE);
        }
        for (int i = whole; i < len; i++) {
            out.putFloat(4 * i, y.getFloat(4 * i) > 0 ? g.getFloat(4 * i) : 0f);
        }
    }

    private static void tanhBackward(ByteBuffer y, ByteBuffer g, ByteBuffer out, int len) {
        int lanes = F.length();
        int whole = len / lanes * lanes;
        for (int i = 0; i < whole; i += lanes) {
            FloatVector t = FloatVector.fromByteBuffer(F, y, 4 * i, NATIVE);
            FloatVector d = FloatVector.fromByteBuffer(F, g, 4 * i, NATIVE);
            d.mul(t).neg().fma(t, d).intoByteBuffer(out, 4 * i, NATIVE);
        }
        for (int i = whole; i < len; i++) {
            float t = y.getFloat(4 * i);
            out.putFloat(4 * i, g.getFloat(4 * i) * (1 - t * t));
        }
    }

    /** One period of per-channel coefficients for a map's dtype and channel count, and its chunk length. */
    private static final class Period {
        final int channels;
        final int size;
        final long chunk;

        Period(INDArray a, int channels) {
            if (channels < 1 || a.length() % channels != 0) {
                throw new IllegalArgumentException(a.length() + " elements are not a whole number of rows of "
                        + channels + " channels");
            }
            floats(a);
            this.channels = channels;
            int lanes = F.length();
            this.size = Math.multiplyExact(channels / gcd(channels, lanes), lanes);
            this.chunk = Math.max(1, chunkBytes / Float.BYTES / size) * size;
        }

        /** {@code c} repeated over the period. */
        float[] expand(double[] c) {
            if (c.length != channels) {
                throw new IllegalArgumentException(c.length + " coefficients for " + channels + " channels");
            }
            float[] e = new float[size];
            for (int i = 0; i < size; i++) {
                e[i] = (float) c[i % channels];
            }
            return e;
        }

        /** {@code out[c] = sum of acc over the positions of channel c}. */
        void fold(double[] acc, double[] out) {
            Arrays.fill(out, 0, channels, 0);
            for (int i = 0; i < size; i++) {
                out[i % channels] += acc[i];
            }
        }
    }

    private static void floats(INDArray a) {
        if (a.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("the CPU kernels take FLOAT arrays, got " + a.dataType());
        }
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** Elements {@code [from, from + count)} of contiguous c-order {@code a} as a byte buffer over its memory. */
    private static ByteBuffer bytes(INDArray a, long from, long count) {
        floats(a);
        if (!Ops.contiguous(a)) {
            throw new IllegalArgumentException("vector kernels need contiguous c-order arrays, got shape "
                    + Arrays.toString(a.shape()) + " strides " + Arrays.toString(a.stride()));
        }
        long w = Float.BYTES;
        // asByteBuffer() starts at the pointer's address whatever its position: offset the address itself
        BytePointer p = new BytePointer(a.data().addressPointer()).getPointer(from * w);
        p.capacity(count * w).limit(count * w);
        return p.asByteBuffer();
    }

    private static void sameLength(INDArray a, INDArray b) {
        sameLength(a, b.length());
    }

    private static void sameLength(INDArray a, long n) {
        if (a.length() != n) {
            throw new IllegalArgumentException("arrays of " + a.length() + " and " + n + " elements");
        }
    }
}
